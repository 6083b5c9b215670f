//! Two explicit rules of RB1 refinements, applied to the lexicon valence
//! before the model (and given to the model as features):
//!
//! - **How-to question**: a question about how something works is neutral
//!   even when it contains a negative-sounding word ("退款要多久到账",
//!   "What happens if my payment fails?", "取消订单会扣钱吗"). A how-to
//!   question starts with or contains a how-to frame (怎么/如何/多久/能不能/
//!   会不会/…吗; how do I / what happens if / can I / is there …) and has no
//!   complaint marker (为什么/怎么还/到底/凭什么/!!; why / how come / still /
//!   again / how many times …). Its negative valence is damped to
//!   [`HOWTO_DAMP`].
//! - **Sarcasm**: praise opening a message about a bad event ("Wonderful,
//!   another week of waiting.", "真厉害，一个杯子寄了半个月") is negative. It
//!   fires when the first clause is praise (a positive lexicon word or
//!   an interjection such as great / wonderful / 真棒 / 太好了 / 呵呵) and the
//!   rest of the message reports a bad event (a negative word, or a marker
//!   such as again / another / still / hours / 又 / 半个月 / 白等). Positive
//!   valence is then counted as negative.

/// Factor on the negative valence of a how-to question.
pub const HOWTO_DAMP: f64 = 0.2;

const ZH_HOWTO: &[&str] = &[
    "怎么",
    "如何",
    "怎样",
    "多久",
    "多长时间",
    "几天",
    "能不能",
    "可不可以",
    "可以",
    "会不会",
    "是否",
    "要不要",
    "在哪",
    "哪里",
    "什么原因",
    "找谁",
    "谁出",
    "多少",
    "有什么",
    "如果",
    "要是",
    "能否",
    "是不是",
    "需要",
    "还能",
    "能申请",
    "能退",
    "能追回",
    "能恢复",
    "会扣",
    "会影响",
    "有补偿",
    "怎么办",
    "吗",
];

const ZH_COMPLAINT: &[&str] = &[
    "为什么",
    "为啥",
    "凭什么",
    "怎么还",
    "怎么又",
    "怎么这么",
    "怎么回事",
    "到底",
    "还没",
    "都没",
    "又",
    "一直",
    "！",
    "!",
    "你们",
    "了吗",
    "呢？",
    "难道",
    "居然",
    "竟然",
    "吧",
    // "nobody told me how …" reports a failure, it does not ask how
    "没人",
    "没有人告诉",
    "没有人通知",
];

pub(crate) const EN_HOWTO_START: &[&str] = &[
    "how", "what", "where", "when", "who", "which", "can", "could", "do", "does", "is", "are",
    "will", "would", "should", "if", "may", "am", "whats", "what's", "who's",
];

pub(crate) const EN_COMPLAINT: &[&str] = &[
    "why",
    "how come",
    "still",
    "again",
    "how many times",
    "how much longer",
    "on earth",
    "does anyone",
    "can you people",
    "even",
    "what kind of",
    "seriously",
    "already",
    "ever",
    "why is",
    "!",
    "supposed to",
    "my money",
    "where did",
    "nobody",
    "no one",
];

/// Openings of the lower-cased text that make a how-to question even
/// without a question mark.
pub(crate) const EN_HOWTO_STARTS: &[&str] = &[
    "what happens if",
    "how do i",
    "how can i",
    "what should i do",
];

/// How-to frames (whole words anywhere in a question).
pub(crate) const EN_HOWTO_FRAMES: &[&str] = &[
    "what happens if",
    "what if",
    "how do i",
    "how can i",
    "what should i",
    "can i",
    "is there",
    "do i",
];

/// Whether a Chinese message is a how-to question (see the module doc).
pub fn zh_howto(text: &str) -> bool {
    let t = text.trim();
    let asks = ZH_HOWTO.iter().any(|w| t.contains(w)) || t.ends_with('?') || t.ends_with('？');
    asks && !ZH_COMPLAINT.iter().any(|w| t.contains(w))
}

/// Whether an English message is a how-to question.
pub fn en_howto(lower: &str) -> bool {
    en_howto_words(lower, &words(lower))
}

/// [`en_howto`] with the words already split.
pub fn en_howto_words(lower: &str, ws: &[&str]) -> bool {
    let t = lower.trim();
    let q = t.contains('?');
    let starts = || EN_HOWTO_STARTS.iter().any(|f| t.starts_with(f));
    if !q && !starts() {
        return false;
    }
    let first = ws.first().copied().unwrap_or("");
    let frame =
        || EN_HOWTO_START.contains(&first) || EN_HOWTO_FRAMES.iter().any(|f| has_seq(ws, f));
    let complaint = t.contains('!') || EN_COMPLAINT.iter().any(|w| has_seq(ws, w));
    !complaint && (q && frame() || starts())
}

/// ASCII words (letters and apostrophes) of a lower-cased text.
pub fn words(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `words` contains the phrase `p` (space-separated words) as a
/// run of whole words. No allocation.
fn has_seq(words: &[&str], p: &str) -> bool {
    let (head, rest) = p.split_once(' ').unwrap_or((p, ""));
    if !words.contains(&head) {
        return false;
    }
    words.iter().enumerate().any(|(i, w)| {
        *w == head && {
            let mut k = i + 1;
            rest.is_empty()
                || rest.split(' ').all(|x| {
                    let ok = words.get(k) == Some(&x);
                    k += 1;
                    ok
                })
        }
    })
}

const ZH_PRAISE_OPENERS: &[&str] = &[
    "真棒",
    "太好了",
    "好极了",
    "真好",
    "真快",
    "真是",
    "谢谢你们",
    "谢谢啊",
    "真贴心",
    "真方便",
    "真稳定",
    "真干净",
    "效率高",
    "神速",
    "服务真",
    "太准时",
];

const ZH_BAD_EVENT: &[&str] = &[
    "又",
    "半个月",
    "一周",
    "一个月",
    "两个小时",
    "小时",
    "天天",
    "每天",
    "白等",
    "晚了",
    "崩",
    "都在等",
    "头发",
    "一格",
    "多交",
    "扔",
    "都没",
    "还没",
    "不知道",
    "维护",
    "找不到",
];

pub(crate) const EN_PRAISE_OPENERS: &[&str] = &[
    "great",
    "wonderful",
    "fantastic",
    "perfect",
    "brilliant",
    "amazing",
    "awesome",
    "love",
    "lovely",
    "thanks",
    "thank",
    "wow",
    "yay",
    "so",
    "such",
    "oh",
    "how",
    "what",
    "excellent",
    "nice",
    "super",
    "terrific",
    "splendid",
    "cool",
    "lightning",
    "outstanding",
];

pub(crate) const EN_BAD_EVENT: &[&str] = &[
    "again",
    "another",
    "still",
    "waiting",
    "wait",
    "late",
    "hours",
    "days",
    "week",
    "weeks",
    "month",
    "crashed",
    "crashes",
    "broken",
    "wrong",
    "lost",
    "cancelled",
    "delayed",
    "hold",
    "nobody",
    "nothing",
    "empty",
    "zero",
    "only",
    "can't",
    "cant",
    "floor",
    "someone else's",
    "hair",
    "maintenance",
    "extra",
    "nobody knows",
    "every single day",
];

/// Whether a Chinese message is sarcastic praise; `first_clause_praise`
/// says whether the first clause carries positive cue valence.
pub fn zh_sarcasm(text: &str, first_clause_praise: bool) -> bool {
    let opener = ZH_PRAISE_OPENERS
        .iter()
        .any(|w| text.find(w).is_some_and(|i| i <= 6));
    let (head, tail) = split_first_clause(text);
    (opener || first_clause_praise && head.chars().count() <= 8)
        && ZH_BAD_EVENT.iter().any(|w| tail.contains(w))
}

/// Whether an English message is sarcastic praise (lower-cased text): a
/// short first clause (≤ 6 words; the first four words when there is no
/// clause break) opened by or containing a praise word, then a bad event.
pub fn en_sarcasm(lower: &str) -> bool {
    en_sarcasm_words(lower, &words(lower))
}

/// [`en_sarcasm`] with the words already split.
pub fn en_sarcasm_words(lower: &str, ws: &[&str]) -> bool {
    let first = ws.first().copied().unwrap_or("");
    if !EN_PRAISE_OPENERS.contains(&first)
        && !ws
            .iter()
            .take(6)
            .any(|w| matches!(*w, "so" | "such" | "really" | "very"))
    {
        return false;
    }
    en_sarcasm_slow(lower)
}

/// The sarcasm rule after its cheap pre-filter (lower-cased text).
pub(crate) fn en_sarcasm_slow(lower: &str) -> bool {
    // Cheap reject: no praise opener or intensifier among the first words.
    let lead = lower.get(..lower.len().min(48)).unwrap_or(lower);
    let first = lead
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if !EN_PRAISE_OPENERS.contains(&first)
        && ![" so ", " such ", " really ", " very "]
            .iter()
            .any(|w| lead.contains(w))
    {
        return false;
    }
    let (mut head, mut tail) = split_first_clause(lower);
    if tail.is_empty() {
        // No clause break: the first four words are the head.
        if let Some((i, _)) = head.match_indices(' ').nth(3) {
            tail = &head[i..];
            head = &head[..i];
        }
    }
    let words: Vec<&str> = head
        .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let short_head = words.len() <= 6;
    let first = words.first().copied().unwrap_or("");
    let opener = EN_PRAISE_OPENERS.contains(&first)
        || words
            .iter()
            .any(|w| matches!(*w, "so" | "such" | "really" | "very"))
            && words
                .iter()
                .any(|w| crate::english::lexicon_valence(w).is_some_and(|v| v > 1.0));
    if !(opener && short_head) {
        return false;
    }
    if head.contains("for nothing") || tail.contains("for nothing") {
        return true;
    }
    let tw = self::words(tail);
    EN_BAD_EVENT.iter().any(|w| has_seq(&tw, w))
}

/// The first clause and the rest (split at the first ，,。.!！ or — ; the
/// whole text and "" if there is none).
pub(crate) fn split_first_clause(text: &str) -> (&str, &str) {
    match text.find(['，', ',', '。', '.', '!', '！', '—', '…', '？', '?']) {
        Some(i) => {
            let c = text[i..].chars().next().map_or(1, char::len_utf8);
            (&text[..i], &text[i + c..])
        }
        None => (text, ""),
    }
}

/// Valence (VADER scale) a complaint question adds to the lexicon.
pub const COMPLAINT_QUESTION: f64 = -1.5;

const ZH_COMPLAINT_Q: &[&str] = &[
    "为什么",
    "为啥",
    "凭什么",
    "怎么还",
    "怎么又",
    "怎么这么",
    "到底",
    "难道",
    "的钱呢",
    "钱呢",
    "怎么回事",
];

pub(crate) const EN_COMPLAINT_Q: &[&str] = &[
    "why",
    "how come",
    "does anyone",
    "did anyone",
    "supposed to",
    "on earth",
    "how many times",
    "how much longer",
    "where did my",
    "what kind of",
    "seriously",
    "is anyone",
];

/// A rhetorical complaint question ("为什么这么大的交易没有短信提醒", "我付的钱呢",
/// "Where did my money go?", "Does anyone check these?"): a question with
/// a complaint marker. Its lexicon valence gets [`COMPLAINT_QUESTION`], and
/// its positive words do not count (a rhetorical question denies them:
/// "does anyone care?").
pub fn zh_complaint_question(text: &str) -> bool {
    ZH_COMPLAINT_Q.iter().any(|w| text.contains(w))
        && (is_question(text)
            || text.contains("为什么")
            || text.contains("凭什么")
            || text.ends_with("呢"))
}

/// The English complaint question (lower-cased text).
pub fn en_complaint_question(lower: &str) -> bool {
    lower.contains('?') && en_complaint_question_words(lower, &words(lower))
}

/// [`en_complaint_question`] with the words already split.
pub fn en_complaint_question_words(lower: &str, ws: &[&str]) -> bool {
    lower.contains('?') && EN_COMPLAINT_Q.iter().any(|w| has_seq(ws, w))
}

/// Whether a message reads as a question.
pub fn is_question(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('?') || t.ends_with('？') || t.ends_with('吗') || t.ends_with('呢')
}
