//! TM1 properties: `select` accepts exactly the offered ids; validation
//! reports every problem at once (snapshots).
#![allow(clippy::unwrap_used, missing_docs)]

use cxkit_core::Channel;
use cxkit_templates::{
    ChannelBinding, ChannelInstance, FieldKindName, FieldSpec, TemplateCatalog, TemplateError,
    TemplateSpec, TemplatesConfig, validate,
};
use proptest::prelude::*;
use serde_json::json;

fn spec(id: usize, enabled: bool) -> TemplateSpec {
    TemplateSpec {
        id: format!("t{id}").into(),
        name: String::new(),
        enabled,
        fields: vec![FieldSpec {
            key: "msg".into(),
            label: String::new(),
            kind: FieldKindName::Text,
            options: vec![],
            required: false,
            max_length: None,
        }],
    }
}

proptest! {
    #[test]
    fn tm1_select_accepts_exactly_the_offered_ids(
        enabled in prop::collection::vec(any::<bool>(), 2..8),
        bound in prop::collection::vec(prop::collection::btree_set(1..8usize, 0..5), 1..4),
    ) {
        // Template 0 is the default and always enabled.
        let n = enabled.len();
        let templates: Vec<TemplateSpec> = (0..n).map(|i| spec(i, i == 0 || enabled[i])).collect();
        let channel_instances: Vec<ChannelBinding> = bound.iter().enumerate().map(|(k, set)| ChannelBinding {
            channel: Channel::Sdk,
            id: format!("i{k}"),
            templates: set.iter().filter(|&&i| i < n).map(|i| format!("t{i}").into()).collect(),
        }).collect();
        let c = TemplateCatalog::new(&TemplatesConfig { default_template: None, templates, channel_instances: channel_instances.clone() }).unwrap();
        for b in &channel_instances {
            let inst = ChannelInstance::new(b.channel, b.id.clone());
            let offered: Vec<String> = c.offer(&inst).unwrap().templates().iter().map(|t| t.id().to_string()).collect();
            // Reference: enabled bound ones in order, else the default.
            let mut expected: Vec<String> = b.templates.iter().filter(|t| {
                let i: usize = t.as_str()[1..].parse().unwrap();
                i == 0 || enabled[i]
            }).map(|t| t.to_string()).collect();
            if expected.is_empty() {
                expected.push("t0".into());
            }
            prop_assert_eq!(&offered, &expected);
            for i in 0..=n {
                let id = format!("t{i}");
                let r = c.select(&inst, &id);
                prop_assert_eq!(r.is_ok(), offered.contains(&id), "{}", id);
                if i == n {
                    prop_assert!(matches!(r, Err(TemplateError::UnknownTemplate { .. })), "unknown id is UnknownTemplate");
                }
            }
        }
    }
}

fn rich() -> TemplateCatalog {
    let c: TemplatesConfig = serde_json::from_value(json!({
        "templates": [{"id": "after_sales", "name": "售后", "fields": [
            {"key": "name", "label": "姓名", "kind": "text", "required": true, "max_length": 4},
            {"key": "phone", "kind": "phone", "required": true},
            {"key": "email", "kind": "email"},
            {"key": "amount", "kind": "number"},
            {"key": "bought_on", "kind": "date"},
            {"key": "topic", "kind": "single_choice", "options": ["refund", "repair"]},
            {"key": "tags", "kind": "multi_choice", "options": ["urgent", "vip"]},
            {"key": "detail", "kind": "long_text", "required": true}
        ]}]
    }))
    .unwrap();
    TemplateCatalog::new(&c).unwrap()
}

#[test]
fn tm1_every_field_error_at_once() {
    let c = rich();
    let t = c.template("after_sales").unwrap();
    let bad = json!({
        "name": "欧阳娜娜老师",
        "phone": "12-34",
        "email": "nobody@",
        "amount": "1,000",
        "bought_on": "2026-02-30",
        "topic": "other",
        "tags": ["vip", 3, "ghost", "vip"],
        "detail": "   ",
        "coupon": "X1"
    });
    let Err(TemplateError::Validation { errors }) = validate(t, &bad) else {
        panic!("expected validation errors")
    };
    insta::assert_json_snapshot!(errors);
}

#[test]
fn tm1_wrong_types_and_valid_submission() {
    let c = rich();
    let t = c.template("after_sales").unwrap();
    let Err(TemplateError::Validation { errors }) = validate(
        t,
        &json!({"name": ["a"], "phone": 138, "tags": "vip", "detail": null}),
    ) else {
        panic!("expected validation errors")
    };
    insta::assert_json_snapshot!(errors);
    let ok = json!({"name": "王五", "phone": "+86 138-0013-8000", "email": "w@x.cn", "amount": "-3.5",
                    "bought_on": "2024-02-29", "topic": "refund", "tags": ["urgent", "vip"], "detail": "屏幕坏了", "email2": null});
    // `email2` is unknown even when null: every key must be a field.
    let Err(TemplateError::Validation { errors }) = validate(t, &ok) else {
        panic!()
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "email2");
    let mut ok = ok;
    ok.as_object_mut().unwrap().remove("email2");
    assert_eq!(validate(t, &ok), Ok(()));
    assert!(matches!(
        validate(t, &json!([1])),
        Err(TemplateError::NotAnObject { got: "an array" })
    ));
}
