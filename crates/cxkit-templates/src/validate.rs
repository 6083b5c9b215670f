//! Validation of a leave-a-message submission against its template (TM1).
//!
//! A submission is a JSON object: field key → string, or → array of strings
//! for a `multi_choice` field. `null`, a blank string (only whitespace) and
//! an empty array all mean "not given". Every problem of every field is
//! returned at once, in template field order, then unknown keys in key
//! order. Per field: `wrong_type` or `required` alone; otherwise `too_long`
//! and the format error (`bad_phone`, …) may both be reported.
//!
//! The format checks are hand-written byte scanners: no regex, no
//! allocation on the success path.
//!
//! - **phone** ([`is_phone`]): an optional leading `+`, then digits with
//!   single spaces or hyphens between digit groups (`+86 138-0013-8000`,
//!   `010-12345678`, `95555`); 5 to 15 digits (E.164 allows at most 15).
//! - **email** ([`is_email`]): ASCII `local@domain`, at most 254 characters;
//!   local part 1–64 of `A-Z a-z 0-9 ! # $ % & ' * + / = ? ^ _ \` { | } ~ - .`
//!   with no leading, trailing or doubled dot; domain of at least two
//!   dot-separated labels, each 1–63 of letters, digits and inner hyphens;
//!   the last label at least two letters. Quoted local parts, IP-literal
//!   domains and internationalized addresses are refused.
//! - **number** ([`is_number`]): `[+-]?digits[.digits]`; no exponent, no
//!   thousands separator, no `NaN`/`Infinity`.
//! - **date** ([`is_date`]): exactly `YYYY-MM-DD` (ISO 8601 calendar date),
//!   year 0001–9999, a date that exists (`2026-02-29` is refused).
//! - **length**: counted in characters (Unicode scalar values), so 中 counts 1.

use crate::error::{FieldError, FieldErrorCode, TemplateError};
use crate::model::{Field, FieldKind, Template};
use serde_json::{Map, Value};

/// Validates `submission` against `template`: `Ok(())` or every field
/// problem at once ([`TemplateError::Validation`]); a submission that is not
/// an object is [`TemplateError::NotAnObject`].
pub fn validate(template: &Template, submission: &Value) -> Result<(), TemplateError> {
    let map = as_object(submission)?;
    let mut errors = Vec::new();
    let mut known = 0usize;
    for f in template.fields() {
        let v = map.get(&f.key);
        if v.is_some() {
            known += 1;
        }
        check_field(f, v, &mut errors);
    }
    // Only scan for unknown keys when some key was not a template field.
    if known != map.len() {
        for k in map.keys() {
            if !template.fields().iter().any(|f| &f.key == k) {
                errors.push(FieldError {
                    field: k.clone(),
                    code: FieldErrorCode::UnknownField,
                    message: format!("template `{}` has no field `{k}`", template.id()),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(TemplateError::Validation { errors })
    }
}

/// The values of a valid submission as stored: strings trimmed, values that
/// mean "not given" dropped. Call after [`validate`] succeeded.
pub fn normalized(
    template: &Template,
    submission: &Value,
) -> Result<Map<String, Value>, TemplateError> {
    let map = as_object(submission)?;
    let mut out = Map::new();
    for f in template.fields() {
        match map.get(&f.key) {
            Some(Value::String(s)) if !s.trim().is_empty() => {
                out.insert(f.key.clone(), Value::String(s.trim().to_owned()));
            }
            Some(Value::Array(a)) if !a.is_empty() => {
                out.insert(f.key.clone(), Value::Array(a.clone()));
            }
            _ => {}
        }
    }
    Ok(out)
}

fn as_object(submission: &Value) -> Result<&Map<String, Value>, TemplateError> {
    match submission {
        Value::Object(m) => Ok(m),
        Value::Null => Err(TemplateError::NotAnObject { got: "null" }),
        Value::Bool(_) => Err(TemplateError::NotAnObject { got: "a boolean" }),
        Value::Number(_) => Err(TemplateError::NotAnObject { got: "a number" }),
        Value::String(_) => Err(TemplateError::NotAnObject { got: "a string" }),
        Value::Array(_) => Err(TemplateError::NotAnObject { got: "an array" }),
    }
}

fn push(
    errors: &mut Vec<FieldError>,
    field: impl Into<String>,
    code: FieldErrorCode,
    message: String,
) {
    errors.push(FieldError {
        field: field.into(),
        code,
        message,
    });
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check_field(f: &Field, v: Option<&Value>, errors: &mut Vec<FieldError>) {
    let multi = matches!(f.kind, FieldKind::MultiChoice { .. });
    let given = match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) if !multi => !s.trim().is_empty(),
        Some(Value::Array(a)) if multi => !a.is_empty(),
        Some(other) => {
            let want = if multi {
                "an array of strings"
            } else {
                "a string"
            };
            push(
                errors,
                &f.key,
                FieldErrorCode::WrongType,
                format!("`{}` must be {want}, got {}", f.key, type_name(other)),
            );
            return;
        }
    };
    if !given {
        if f.required {
            push(
                errors,
                &f.key,
                FieldErrorCode::Required,
                format!("`{}` is required", f.key),
            );
        }
        return;
    }
    match (v, &f.kind) {
        (Some(Value::Array(items)), FieldKind::MultiChoice { options }) => {
            for (i, item) in items.iter().enumerate() {
                let Value::String(s) = item else {
                    push(
                        errors,
                        format!("{}[{i}]", f.key),
                        FieldErrorCode::WrongType,
                        format!(
                            "choice {i} of `{}` must be a string, got {}",
                            f.key,
                            type_name(item)
                        ),
                    );
                    continue;
                };
                if !options.iter().any(|o| o == s) {
                    push(
                        errors,
                        format!("{}[{i}]", f.key),
                        FieldErrorCode::BadOption,
                        format!("`{s}` is not an option of `{}`", f.key),
                    );
                } else if items[..i].iter().any(|x| x.as_str() == Some(s)) {
                    push(
                        errors,
                        format!("{}[{i}]", f.key),
                        FieldErrorCode::BadOption,
                        format!("`{s}` is chosen twice in `{}`", f.key),
                    );
                }
            }
        }
        (Some(Value::String(s)), kind) => {
            if let Some(max) = f.max_length {
                let n = s.chars().count();
                if n > max as usize {
                    push(
                        errors,
                        &f.key,
                        FieldErrorCode::TooLong,
                        format!("`{}` has {n} characters, at most {max} allowed", f.key),
                    );
                }
            }
            let bad = match kind {
                FieldKind::Text | FieldKind::LongText | FieldKind::MultiChoice { .. } => None,
                FieldKind::Phone => {
                    (!is_phone(s)).then_some((FieldErrorCode::BadPhone, "a phone number"))
                }
                FieldKind::Email => {
                    (!is_email(s)).then_some((FieldErrorCode::BadEmail, "an e-mail address"))
                }
                FieldKind::Number => {
                    (!is_number(s)).then_some((FieldErrorCode::BadNumber, "a decimal number"))
                }
                FieldKind::Date => {
                    (!is_date(s)).then_some((FieldErrorCode::BadDate, "a YYYY-MM-DD date"))
                }
                FieldKind::SingleChoice { options } => (!options.iter().any(|o| o == s))
                    .then_some((FieldErrorCode::BadOption, "one of the options")),
            };
            if let Some((code, what)) = bad {
                push(errors, &f.key, code, format!("`{}` must be {what}", f.key));
            }
        }
        _ => {}
    }
}

/// Whether `s` is a phone number (rules in the module doc).
pub fn is_phone(s: &str) -> bool {
    let b = s.as_bytes();
    let body = match b.first() {
        Some(b'+') => &b[1..],
        _ => b,
    };
    let mut digits = 0;
    let mut prev_digit = false;
    for &c in body {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                prev_digit = true;
            }
            b' ' | b'-' if prev_digit => prev_digit = false,
            _ => return false,
        }
    }
    prev_digit && (5..=15).contains(&digits)
}

/// Whether `s` is an e-mail address (rules in the module doc).
pub fn is_email(s: &str) -> bool {
    if s.len() > 254 {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty()
        || local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return false;
    }
    if !local
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-.".contains(&c))
    {
        return false;
    }
    let mut labels = 0;
    let mut last = "";
    for label in domain.split('.') {
        let lb = label.as_bytes();
        if lb.is_empty() || lb.len() > 63 || lb[0] == b'-' || lb[lb.len() - 1] == b'-' {
            return false;
        }
        if !lb.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && last.len() >= 2 && last.bytes().all(|c| c.is_ascii_alphabetic())
}

/// Whether `s` is a decimal number (rules in the module doc).
pub fn is_number(s: &str) -> bool {
    let b = s.as_bytes();
    let b = match b.first() {
        Some(b'+' | b'-') => &b[1..],
        _ => b,
    };
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    let digits = |x: &[u8]| !x.is_empty() && x.iter().all(u8::is_ascii_digit);
    digits(int) && frac.is_none_or(digits)
}

/// Whether `s` is an existing `YYYY-MM-DD` date (rules in the module doc).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) if y >= 1 => {
            chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tm1_phone_rule() {
        for ok in [
            "13800138000",
            "+86 138-0013-8000",
            "010-12345678",
            "95555",
            "+1 212 555 0100",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in [
            "",
            "+",
            "1234",
            "1234567890123456",
            "138 0013 8000 ",
            "-138",
            "138--0013",
            "(010)1234567",
            "138abc",
            "++86138",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn tm1_email_rule() {
        for ok in [
            "a@b.cn",
            "first.last+tag@mail.example.com",
            "x_y-z@sub-domain.co",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.cn",
            "a@b",
            "a@@b.cn",
            ".a@b.cn",
            "a.@b.cn",
            "a..b@b.cn",
            "a@-b.cn",
            "a@b-.cn",
            "a@b.c",
            "a@b.c1",
            "a b@c.cn",
            "用户@例子.cn",
            "a@b..cn",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn tm1_number_and_date_rules() {
        for ok in ["0", "-12", "+3.25", "007"] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in ["", "-", "1.", ".5", "1e3", "1,000", "NaN", "inf", "1.2.3"] {
            assert!(!is_number(bad), "{bad}");
        }
        for ok in ["2026-03-28", "2024-02-29", "0001-01-01"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "",
            "2026-3-28",
            "2026-02-29",
            "2026-13-01",
            "0000-01-01",
            "2026/03/28",
            "2026-03-28T00:00",
            "２０２６-03-28",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
