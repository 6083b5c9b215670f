//! SMS1 triggers (短信触发器): rules that send an SMS to the caller of an
//! ended inbound call whose outcome is in the rule's chosen subset.
//!
//! At most one action per rule per call. A withheld or malformed caller
//! number yields no action but a `skipped` entry with the reason, so an
//! operator can see why a customer got no SMS.

use crate::error::CallError;
use crate::outcome::Outcome;
use crate::record::{CallRecord, Direction};
use cxkit_core::{CallId, TemplateId};
use serde::{Deserialize, Serialize};

/// One SMS rule (`calls.sms_rules[i]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SmsRule {
    /// Unique name of the rule.
    pub name: String,
    /// The outcomes that fire it: a non-empty subset of the seven.
    pub outcomes: Vec<Outcome>,
    /// Only calls to these hotlines (absent: every hotline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotlines: Option<Vec<String>>,
    /// The SMS template to send.
    pub template: TemplateId,
    /// Switched on (default true).
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// One SMS to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SmsAction {
    /// The rule that fired.
    pub rule: String,
    /// The template to send.
    pub template: TemplateId,
    /// The caller's number, normalized (spaces, dashes, dots and brackets removed).
    pub to: String,
    /// The call.
    pub call: CallId,
    /// The call's outcome.
    pub outcome: Outcome,
}

/// Why a matching rule sent nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The caller withheld the number (empty, `anonymous`, `private`, …).
    WithheldNumber,
    /// The caller number is not a phone number.
    InvalidNumber,
}

/// A rule that matched but sent nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SmsSkip {
    /// The rule.
    pub rule: String,
    /// Why.
    pub reason: SkipReason,
}

/// What the triggers decided for one call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SmsDecision {
    /// The SMS to send, in rule order.
    pub actions: Vec<SmsAction>,
    /// Matching rules that sent nothing, with the reason.
    pub skipped: Vec<SmsSkip>,
}

/// The validated SMS rules of a tenant.
#[derive(Debug, Clone, Default)]
pub struct SmsTriggers {
    rules: Vec<(SmsRule, u8)>,
}

/// A caller number as an SMS destination: `Ok(normalized)` or why not.
///
/// Withheld: empty, or one of `anonymous`, `private`, `unknown`, `withheld`,
/// `restricted`, `unavailable` (any case). Valid: an optional leading `+`,
/// then 5–15 digits (E.164 allows 15) once spaces, `-`, `.`, `(`, `)` are removed.
pub fn sms_number(raw: &str) -> Result<String, SkipReason> {
    let t = raw.trim();
    let lower = t.to_ascii_lowercase();
    if t.is_empty()
        || matches!(
            lower.as_str(),
            "anonymous" | "private" | "unknown" | "withheld" | "restricted" | "unavailable"
        )
    {
        return Err(SkipReason::WithheldNumber);
    }
    let mut out = String::with_capacity(t.len());
    for (i, c) in t.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push(c),
            '0'..='9' => out.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(SkipReason::InvalidNumber),
        }
    }
    let digits = out.trim_start_matches('+').len();
    if !(5..=15).contains(&digits) {
        return Err(SkipReason::InvalidNumber);
    }
    Ok(out)
}

impl SmsTriggers {
    /// Validates the rules; errors name the field (`sms_rules[1].outcomes`).
    pub fn new(rules: &[SmsRule]) -> Result<Self, CallError> {
        let mut out = Vec::with_capacity(rules.len());
        for (i, r) in rules.iter().enumerate() {
            if r.name.trim().is_empty() {
                return Err(CallError::config(
                    format!("sms_rules[{i}].name"),
                    "a rule needs a name",
                ));
            }
            if rules[..i].iter().any(|x| x.name == r.name) {
                return Err(CallError::config(
                    format!("sms_rules[{i}].name"),
                    format!("duplicate rule name `{}`", r.name),
                ));
            }
            if r.outcomes.is_empty() {
                return Err(CallError::config(
                    format!("sms_rules[{i}].outcomes"),
                    format!(
                        "rule `{}` has no outcome: choose a non-empty subset of the seven",
                        r.name
                    ),
                ));
            }
            if r.hotlines.as_ref().is_some_and(Vec::is_empty) {
                return Err(CallError::config(
                    format!("sms_rules[{i}].hotlines"),
                    "an empty hotline filter matches nothing; omit it to match every hotline",
                ));
            }
            let mask = r.outcomes.iter().fold(0u8, |m, o| m | 1 << o.index());
            out.push((r.clone(), mask));
        }
        Ok(SmsTriggers { rules: out })
    }

    /// The configured rules.
    pub fn rules(&self) -> impl Iterator<Item = &SmsRule> {
        self.rules.iter().map(|(r, _)| r)
    }

    /// The SMS actions for an ended call whose outcome is known. Outbound
    /// calls (`outcome: None`) trigger nothing.
    pub fn triggers_for(&self, record: &CallRecord, outcome: Option<Outcome>) -> SmsDecision {
        let mut d = SmsDecision::default();
        let Some(outcome) = outcome else { return d };
        if record.direction != Direction::Inbound {
            return d;
        }
        let number = sms_number(&record.caller);
        for (rule, mask) in &self.rules {
            if !rule.enabled || mask & (1 << outcome.index()) == 0 {
                continue;
            }
            if let Some(h) = &rule.hotlines
                && !record.hotline.as_ref().is_some_and(|x| h.contains(x))
            {
                continue;
            }
            match &number {
                Ok(to) => d.actions.push(SmsAction {
                    rule: rule.name.clone(),
                    template: rule.template.clone(),
                    to: to.clone(),
                    call: record.call.clone(),
                    outcome,
                }),
                Err(reason) => d.skipped.push(SmsSkip {
                    rule: rule.name.clone(),
                    reason: *reason,
                }),
            }
        }
        d
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(sms_number("+86 138-1234-5678"), Ok("+8613812345678".into()));
        assert_eq!(sms_number(" anonymous "), Err(SkipReason::WithheldNumber));
        assert_eq!(sms_number(""), Err(SkipReason::WithheldNumber));
        assert_eq!(sms_number("138abc"), Err(SkipReason::InvalidNumber));
        assert_eq!(sms_number("1234"), Err(SkipReason::InvalidNumber));
        assert_eq!(sms_number("1+2345"), Err(SkipReason::InvalidNumber));
        assert_eq!(
            sms_number("1234567890123456"),
            Err(SkipReason::InvalidNumber)
        );
    }

    #[test]
    fn empty_outcome_set_is_a_config_error() {
        let r = SmsRule {
            name: "x".into(),
            outcomes: vec![],
            hotlines: None,
            template: "t".into(),
            enabled: true,
        };
        let e = SmsTriggers::new(&[r]).unwrap_err();
        assert!(
            matches!(&e, CallError::Config { field, .. } if field == "sms_rules[0].outcomes"),
            "{e}"
        );
    }
}
