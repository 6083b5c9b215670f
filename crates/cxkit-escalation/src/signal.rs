//! What in a message can be judged at all (RB1 refinements, *no signal*).
//!
//! Before any scorer runs, [`clean`] takes out what carries no mood: chat
//! placeholders for images, voice notes, links, stickers, files and
//! locations (`【图片】`, `[语音]`, `[image]`, `[voice message]`, `<image>`),
//! URLs and e-mail addresses, IDs (order, tracking, booking and flight
//! numbers, card and phone numbers, error codes and versions: any token with
//! a digit or an underscore, or all capitals without a vowel), and emoji.
//! Emoji with a mood are kept aside as a valence ([`MOOD_EMOJI`]); emoji
//! without one (📦) are dropped. A message is *no signal* when what is left
//! has no letter and no Han character (or only field labels such as
//! "订单号" / "Order #" / "PNR" next to IDs) and it had no mood emoji.

use std::borrow::Cow;

/// Emoji with a mood, on VADER's −4…4 scale (0 = a reaction without a
/// direction, such as 🤔: a signal, neutral). Skin-tone modifiers and
/// variation selectors are ignored when looking up.
pub const MOOD_EMOJI: &[(char, f64)] = &[
    ('👍', 1.8),
    ('👏', 1.8),
    ('🙏', 1.5),
    ('🙂', 1.2),
    ('😊', 1.8),
    ('😀', 1.8),
    ('😃', 1.8),
    ('😄', 1.8),
    ('😁', 1.8),
    ('😆', 1.5),
    ('🥰', 2.2),
    ('😍', 2.2),
    ('😘', 1.8),
    ('❤', 2.0),
    ('💕', 2.0),
    ('💖', 2.0),
    ('💯', 1.5),
    ('🎉', 1.8),
    ('💪', 1.0),
    ('🤝', 1.0),
    ('✅', 0.8),
    ('⭐', 1.5),
    ('🌹', 1.0),
    ('☺', 1.5),
    ('😂', 0.5),
    ('🤣', 0.5),
    ('🤔', 0.0),
    ('👌', 0.3),
    ('😐', 0.0),
    ('😶', 0.0),
    ('😅', -0.3),
    ('🥲', -0.5),
    ('😑', -0.8),
    ('🙄', -1.2),
    // upside-down face: irony ("Love that my pizza arrived stone cold 🙃";
    // thirteenth round of #15)
    ('🙃', -1.0),
    ('😒', -1.5),
    ('😓', -1.2),
    ('😔', -1.5),
    ('😞', -1.8),
    ('😟', -1.5),
    ('🙁', -1.5),
    ('☹', -1.8),
    ('😢', -1.8),
    ('😭', -2.0),
    ('😩', -2.0),
    ('😫', -2.0),
    ('😣', -1.5),
    ('😖', -1.8),
    ('😰', -1.5),
    ('😱', -1.5),
    ('😤', -2.0),
    ('😠', -2.2),
    ('😡', -2.5),
    ('🤬', -3.0),
    ('👎', -2.0),
    ('💔', -2.0),
];

/// The valence of a mood emoji, if `c` is one.
pub fn emoji_mood(c: char) -> Option<f64> {
    MOOD_EMOJI.iter().find(|(e, _)| *e == c).map(|(_, v)| *v)
}

/// Whether `c` is an emoji or pictograph (or a modifier that belongs to
/// one): removed from the text the scorers read.
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1f000..=0x1faff | 0x2600..=0x27bf | 0x2b00..=0x2bff | 0x2300..=0x23ff
        | 0xfe0f | 0x200d | 0x20e3 | 0xe0020..=0xe007f)
}

/// Placeholder words a chat platform puts in brackets for non-text content.
const PLACEHOLDERS: &[&str] = &[
    "图片",
    "照片",
    "语音",
    "视频",
    "表情",
    "动画表情",
    "链接",
    "商品链接",
    "文件",
    "位置",
    "截图",
    "转账",
    "红包",
    "行程单",
    "商品卡片",
    "名片",
    "小程序",
    "收藏",
    "订单",
    "卡片",
    "image",
    "images",
    "photo",
    "picture",
    "pic",
    "voice",
    "audio",
    "video",
    "sticker",
    "emoji",
    "gif",
    "link",
    "file",
    "attachment",
    "location",
    "screenshot",
    "payment",
    "transfer",
    "itinerary",
    "product",
    "card",
    "media",
    "document",
    "contact",
];

/// Short field labels that only introduce an ID ("订单号：123", "PNR: X").
const FIELD_LABELS: &[&str] = &[
    "订单号",
    "订单编号",
    "单号",
    "运单号",
    "快递单号",
    "工单号",
    "卡号",
    "航班号",
    "编号",
    "order",
    "no",
    "number",
    "tracking",
    "booking",
    "ref",
    "reference",
    "pnr",
    "ticket",
    "case",
    "id",
    "flight",
    "invoice",
    "iban",
    "account",
    "acct",
    "code",
    "error",
    // Fourth round of #15: the labels of other IDs a customer pastes
    // (the category of an inspected miss: "Transaction ID 4F9K-…" read as
    // a judged message and broke a run of complaints).
    "交易号",
    "交易单号",
    "交易编号",
    "流水号",
    "订单",
    "保单号",
    "会员号",
    "手机号",
    "账号",
    "户号",
    "用户名",
    "工单",
    "身份证号",
    "发票号",
    "序列号",
    "激活码",
    "兑换码",
    "取件码",
    "车次",
    "座位号",
    "房间号",
    "预订号",
    "确认号",
    "包裹号",
    "退款单号",
    "售后单号",
    "服务单号",
    "合同号",
    "错误码",
    "transaction",
    "txn",
    "payment",
    "receipt",
    "confirmation",
    "reservation",
    "claim",
    "policy",
    "member",
    "membership",
    "serial",
    "sn",
    "imei",
    "parcel",
    "shipment",
    "awb",
    "voucher",
    "coupon",
    "promo",
    "sku",
    "licence",
    "license",
    "phone",
    "mobile",
    "tel",
    "email",
    "username",
    "login",
    "contract",
    "passport",
];

/// A message after [`clean`].
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned<'a> {
    /// The text the scorers read: placeholders, URLs, IDs and emoji replaced
    /// by a space (borrowed when nothing had to go).
    pub text: Cow<'a, str>,
    /// Sum of the mood emoji valences (VADER scale).
    pub emoji: f64,
    /// Whether any mood emoji (even a 0-valence one) was present.
    pub has_mood_emoji: bool,
    /// Whether anything judgeable is left (a word, a Han character, an
    /// emoticon or a mood emoji).
    pub judgeable: bool,
}

fn bracket_close(open: char) -> Option<char> {
    match open {
        '[' => Some(']'),
        '【' => Some('】'),
        '<' => Some('>'),
        '〔' => Some('〕'),
        _ => None,
    }
}

fn is_placeholder(inner: &str) -> bool {
    let inner = inner.trim().to_lowercase();
    if inner.is_empty() || inner.chars().count() > 24 {
        return false;
    }
    PLACEHOLDERS.iter().any(|p| {
        inner == *p
            || inner
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with([' ', ':', '：', '-']) || p.len() > 3)
            || inner.ends_with(p) && !p.is_ascii()
    }) || inner
        .split_whitespace()
        .next()
        .is_some_and(|w| PLACEHOLDERS.contains(&w))
}

fn is_url_start(s: &str) -> bool {
    let b = s.as_bytes();
    let starts = |p: &str| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    starts("http://") || starts("https://") || starts("www.")
}

/// An ASCII token that is an identifier rather than a word: an underscore,
/// digits mixed with letters, five or more digits, or all capitals (≥ 2)
/// without a vowel and without a valence (NWBK, PNR; not WTF). Short plain
/// numbers stay ("等了3天", "$80"): they are part of the wording.
fn is_id_token(tok: &str) -> bool {
    let letters = tok.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let digits = tok.chars().filter(|c| c.is_ascii_digit()).count();
    tok.contains('_')
        || (digits > 0 && letters > 0)
        || digits >= 5
        || (letters >= 2
            && letters == tok.len()
            && tok.chars().all(|c| c.is_ascii_uppercase())
            && !tok.chars().any(|c| "AEIOUY".contains(c))
            && crate::english::lexicon_valence(&tok.to_ascii_lowercase()).is_none())
}

/// Byte classes of [`clean`]'s fast path: 0 nothing to check, [`C_UPPER`]
/// an ASCII capital, [`C_DOT`] `.`, [`C_STOP`] a byte that rules the fast
/// path out (non-ASCII, a digit, `[ < @ # + _ / :`).
const PLAIN_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0usize;
    while c < 256 {
        let b = c as u8;
        t[c] = if b >= 0x80
            || b.is_ascii_digit()
            || matches!(b, b'[' | b'<' | b'@' | b'#' | b'+' | b'_' | b'/' | b':')
        {
            C_STOP
        } else if b.is_ascii_uppercase() {
            C_UPPER
        } else if b == b'.' {
            C_DOT
        } else {
            0
        };
        c += 1;
    }
    t
};
const C_UPPER: u8 = 1;
const C_DOT: u8 = 2;
const C_STOP: u8 = 3;

/// Cleans `text` (see the module doc). One pass; allocates only when
/// something is removed.
pub fn clean(text: &str) -> Cleaned<'_> {
    // Fast path: plain ASCII prose with nothing that could be removed (no
    // digit, bracket, URL or address marker, underscore, nor two capitals
    // in a row — a lone capital never makes an ID token).
    let plain = {
        // One pass over the bytes, one table look-up per byte.
        let b = text.as_bytes();
        let mut prev_upper = false;
        let mut ok = true;
        for (i, &c) in b.iter().enumerate() {
            let k = PLAIN_CLASS[usize::from(c)];
            if k == 0 {
                prev_upper = false;
                continue;
            }
            let upper = k == C_UPPER;
            if k == C_STOP
                || (prev_upper && upper)
                || (k == C_DOT && i >= 3 && &b[i - 3..i] == b"www")
            {
                ok = false;
                break;
            }
            prev_upper = upper;
        }
        ok
    };
    if plain {
        let judgeable = has_words(text) || has_emoticon(text);
        return Cleaned {
            text: Cow::Borrowed(text),
            emoji: 0.0,
            has_mood_emoji: false,
            judgeable,
        };
    }
    let mut out: Option<String> = None;
    let mut emoji = 0.0;
    let mut has_mood_emoji = false;
    // Copies text[from..to] into `out` if we are rewriting.
    let mut i = 0usize;
    let mut kept_from = 0usize;
    let bytes = text.as_bytes();
    let flush = |out: &mut Option<String>, from: usize, to: usize| {
        let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
        o.push_str(&text[from..to]);
        o.push(' ');
    };
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let clen = c.len_utf8();
        // Placeholders in brackets.
        if let Some(close) = bracket_close(c)
            && let Some(end) = text[i + clen..].find(close)
        {
            let inner = &text[i + clen..i + clen + end];
            if is_placeholder(inner) {
                flush(&mut out, kept_from, i);
                i += clen + end + close.len_utf8();
                kept_from = i;
                continue;
            }
        }
        // URLs and e-mail-like / ID-like ASCII tokens.
        if c.is_ascii_alphanumeric() || c == '#' || c == '+' {
            let at_word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            if at_word_start {
                let rest = &text[i..];
                let end = if is_url_start(rest) {
                    rest.find(|ch: char| ch.is_whitespace() || !ch.is_ascii() || ch == '"')
                        .unwrap_or(rest.len())
                } else {
                    rest.find(|ch: char| {
                        !(ch.is_ascii_alphanumeric()
                            || matches!(ch, '-' | '_' | '.' | '@' | '#' | '/' | '+'))
                    })
                    .unwrap_or(rest.len())
                };
                let tok = rest[..end].trim_end_matches(['.', '-', '/']);
                let drop = is_url_start(rest)
                    || (tok.contains('@') && tok.contains('.'))
                    || is_id_token(tok.trim_start_matches(['#', '+']));
                if drop && !tok.is_empty() {
                    flush(&mut out, kept_from, i);
                    i += tok.len();
                    kept_from = i;
                    continue;
                }
                // A plain word: skip over it in one go.
                if !tok.is_empty() {
                    i += tok.len();
                    continue;
                }
            }
        }
        if is_emoji(c) || c == '\u{2764}' {
            if let Some(v) = emoji_mood(c) {
                emoji += v;
                has_mood_emoji = true;
            }
            flush(&mut out, kept_from, i);
            i += clen;
            kept_from = i;
            continue;
        }
        i += clen;
    }
    let text_out: Cow<'_, str> = match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[kept_from..]);
            Cow::Owned(o)
        }
    };
    let judgeable = has_mood_emoji || has_words(&text_out) || has_emoticon(&text_out);
    Cleaned {
        text: text_out,
        emoji,
        has_mood_emoji,
        judgeable,
    }
}

/// The score of a message whose only signal is mood emoji ("👍", "😡😡"):
/// the emoji valence sum / 2.5, clamped to [-1, 1] (so one 🙂 is 0.48,
/// positive; one 😡 is −1). `None` when there are words or emoticons.
pub fn emoji_only_score(c: &Cleaned<'_>) -> Option<f64> {
    (c.has_mood_emoji && !has_words(&c.text) && !has_emoticon(&c.text))
        .then(|| (c.emoji / 2.5).clamp(-1.0, 1.0))
}

/// Whether `text` has a word that is not only a field label. No
/// allocation; stops at the first real word.
fn has_words(text: &str) -> bool {
    let mut start: Option<(usize, bool)> = None;
    let is_label = |w: &str| {
        FIELD_LABELS
            .iter()
            .any(|l| l.len() == w.len() && l.eq_ignore_ascii_case(w))
    };
    for (i, c) in text.char_indices() {
        let han = crate::builtin::is_han(c);
        let letter = c.is_alphabetic();
        match start {
            Some((s0, h)) if !letter || han != h => {
                if !is_label(&text[s0..i]) {
                    return true;
                }
                start = letter.then_some((i, han));
            }
            None if letter => start = Some((i, han)),
            _ => {}
        }
    }
    start.is_some_and(|(s0, _)| !is_label(&text[s0..]))
}

/// Whether `text` has an emoticon with a valence (":(", ":D", "<3").
fn has_emoticon(text: &str) -> bool {
    text.split_whitespace().any(|t| {
        t.len() <= 4
            && !t.chars().any(char::is_alphanumeric)
            && crate::english::lexicon_valence(t).is_some_and(|v| v != 0.0)
    }) || text
        .split_whitespace()
        .any(|t| matches!(t, ":D" | ":P" | "XD" | ":-D" | ":-P" | "xD" | "D:"))
}
