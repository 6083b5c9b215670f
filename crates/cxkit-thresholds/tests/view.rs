//! The all-agents monitor view, rule by rule (WM1, WM2, WM4, WM5), plus
//! insta snapshots of whole views.
#![allow(clippy::unwrap_used, missing_docs)]

use cxkit_core::{Edition, Role, TenantConfig};
use cxkit_thresholds::{
    DisplayEntry, MetricKind, MonitorConfig, MonitorError, ThresholdChange, ThresholdLevels,
    Values, Viewer, WorkplaceMonitor,
};
use serde_json::{Value, json};
use std::sync::Arc;

fn tenant_json(org: bool) -> Value {
    let mut t = json!({
        "id": "t1", "edition": "flagship",
        "org": [
            {"id": "hq"},
            {"id": "sales", "parent": "hq"},
            {"id": "sales-east", "parent": "sales"},
            {"id": "support", "parent": "hq"}
        ],
        "agents": [
            {"id": "a1", "name": "Li", "role": "agent", "kind": "call", "org_unit": "support"},
            {"id": "a2", "name": "Wang", "role": "agent", "kind": "online", "org_unit": "sales-east"},
            {"id": "a3", "name": "Zhao", "role": "team_lead", "kind": "both", "org_unit": "sales"},
            {"id": "a4", "name": "Chen", "role": "agent", "kind": "call", "org_unit": "hq"},
            {"id": "a5", "name": "Sun", "role": "agent", "kind": "online"}
        ]
    });
    if !org {
        t["org"] = json!([]);
        for a in t["agents"].as_array_mut().unwrap() {
            a.as_object_mut().unwrap().remove("org_unit");
        }
    }
    t
}

fn monitor_with(org: bool, config: Value) -> WorkplaceMonitor {
    let tenant: TenantConfig = serde_json::from_value(tenant_json(org)).unwrap();
    let config: MonitorConfig = serde_json::from_value(config).unwrap();
    WorkplaceMonitor::new(Arc::new(tenant.validate().unwrap()), &config).unwrap()
}

fn monitor() -> WorkplaceMonitor {
    monitor_with(
        true,
        json!({"display": {"roles": [
            {"role": "team_lead", "kind": "call", "metrics": ["avg_talk_seconds", "calls_answered_today"]}
        ]}}),
    )
}

fn values() -> Values {
    serde_json::from_value(json!({
        "a1": {"call_status_duration": 30, "calls_answered_today": 12, "ring_no_answer_today": 3, "avg_acw_seconds": 60},
        "a2": {"current_chats": 2, "avg_first_response_seconds": 61, "online_satisfaction_rate": 95},
        "a3": {"avg_talk_seconds": 700, "calls_answered_today": 0, "online_satisfaction_rate": 79.5},
        "a4": {"avg_acw_seconds": 121, "ring_no_answer_today": null},
        "a5": {"current_chats": 0}
    }))
    .unwrap()
}

fn view_json(
    m: &WorkplaceMonitor,
    viewer: &Viewer,
    unit: Option<&str>,
) -> Result<Value, MonitorError> {
    let v = m.view_values(viewer, unit.map(Into::into).as_ref(), &values())?;
    Ok(serde_json::to_value(&v).unwrap())
}

fn row_keys(v: &Value) -> Vec<String> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["agent"].as_str().unwrap(),
                r["kind"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn wm2_rows_show_the_roles_list_in_order_with_levels() {
    let m = monitor();
    let v = view_json(&m, &Viewer::new(Role::SuperAdmin), None).unwrap();
    // Pre-order: hq(a4), sales(a3), sales-east(a2), support(a1), then no unit (a5).
    assert_eq!(
        row_keys(&v),
        [
            "a4:call",
            "a3:call",
            "a3:online",
            "a2:online",
            "a1:call",
            "a5:online"
        ]
    );
    // team_lead's own call list; its online list is the default.
    let a3 = &v["rows"][1]["cells"];
    assert_eq!(
        a3,
        &json!([
            {"metric": "avg_talk_seconds", "value": 700.0, "level": "critical"},
            {"metric": "calls_answered_today", "value": 0.0, "level": "normal"}
        ])
    );
    // Missing is null, not zero, and never flagged.
    let a4 = &v["rows"][0]["cells"];
    assert_eq!(
        a4[0],
        json!({"metric": "call_status_duration", "value": null, "level": "normal"})
    );
    assert_eq!(
        a4[2],
        json!({"metric": "ring_no_answer_today", "value": null, "level": "normal"})
    );
    assert_eq!(
        a4[3],
        json!({"metric": "avg_acw_seconds", "value": 121.0, "level": "critical"})
    );
    // a1: ring_no_answer 3 > 2 → warning; acw exactly 60 → normal (strictly past rule).
    let a1 = &v["rows"][4]["cells"];
    assert_eq!(a1[2]["level"], "warning");
    assert_eq!(a1[3]["level"], "normal");
    assert_eq!(v["agents"], 5);
    // Flagged: a4 acw, a3 talk, a3 satisfaction 79.5 (< 80 critical), a2 first response 61, a1 rings.
    assert_eq!(v["flagged_cells"], 5);
    assert_eq!(
        v["critical_cells"], 4,
        "61 s first response is past the 60 s critical level too"
    );
    assert_eq!(v["flagged_agents"], 4);
}

#[test]
fn wm1_a_unit_includes_its_descendants() {
    let m = monitor();
    let admin = Viewer::new(Role::SuperAdmin);
    let v = view_json(&m, &admin, Some("sales")).unwrap();
    assert_eq!(row_keys(&v), ["a3:call", "a3:online", "a2:online"]);
    let v = view_json(&m, &admin, Some("hq")).unwrap();
    assert_eq!(v["agents"], 4, "the agent without a unit is not inside hq");
    let v = view_json(&m, &admin, Some("sales-east")).unwrap();
    assert_eq!(row_keys(&v), ["a2:online"]);
    let e = view_json(&m, &admin, Some("ghost")).unwrap_err();
    assert_eq!(
        e,
        MonitorError::UnknownEntity {
            kind: "org_unit",
            id: "ghost".into()
        }
    );
}

#[test]
fn wm1_tenant_without_org_structure_sees_everyone() {
    let m = monitor_with(false, json!({}));
    let v = view_json(&m, &Viewer::new(Role::FullAdmin), None).unwrap();
    assert_eq!(
        row_keys(&v),
        [
            "a1:call",
            "a2:online",
            "a3:call",
            "a3:online",
            "a4:call",
            "a5:online"
        ]
    );
    let e = view_json(&m, &Viewer::new(Role::FullAdmin), Some("hq")).unwrap_err();
    assert!(matches!(
        e,
        MonitorError::UnknownEntity {
            kind: "org_unit",
            ..
        }
    ));
}

#[test]
fn wm5_call_and_online_admins_see_their_kind_only() {
    let m = monitor();
    let v = view_json(&m, &Viewer::new(Role::CallAdmin), None).unwrap();
    assert_eq!(row_keys(&v), ["a4:call", "a3:call", "a1:call"]);
    assert_eq!(v["agents"], 3);
    let v = view_json(&m, &Viewer::new(Role::OnlineAdmin), None).unwrap();
    assert_eq!(row_keys(&v), ["a3:online", "a2:online", "a5:online"]);
}

#[test]
fn wm5_everyone_else_is_denied_never_given_an_empty_view() {
    let m = monitor();
    for role in [Role::TeamLead, Role::Agent, Role::Custom("qa".into())] {
        let e = view_json(&m, &Viewer::new(role.clone()), None).unwrap_err();
        assert!(
            matches!(e, MonitorError::PermissionDenied { role: ref r, .. } if *r == role.to_string()),
            "{e:?}"
        );
    }
    let mut t: TenantConfig = serde_json::from_value(tenant_json(true)).unwrap();
    t.edition = Edition::Enterprise;
    let m =
        WorkplaceMonitor::new(Arc::new(t.validate().unwrap()), &MonitorConfig::default()).unwrap();
    let e = view_json(&m, &Viewer::new(Role::SuperAdmin), None).unwrap_err();
    assert!(
        matches!(e, MonitorError::PermissionDenied { ref permission, .. } if permission == "flagship_edition")
    );
}

#[test]
fn wm5_a_viewer_bound_to_a_unit_sees_that_subtree_only() {
    let m = monitor();
    let bound = Viewer::new(Role::SuperAdmin).in_unit("sales");
    let v = view_json(&m, &bound, None).unwrap();
    assert_eq!(row_keys(&v), ["a3:call", "a3:online", "a2:online"]);
    let v = view_json(&m, &bound, Some("sales-east")).unwrap();
    assert_eq!(row_keys(&v), ["a2:online"]);
    for outside in ["support", "hq"] {
        let e = view_json(&m, &bound, Some(outside)).unwrap_err();
        assert!(
            matches!(e, MonitorError::PermissionDenied { ref permission, .. } if permission == "org_unit:sales")
        );
    }
}

#[test]
fn values_must_be_finite_and_name_known_agents_and_metrics() {
    let m = monitor();
    let admin = Viewer::new(Role::SuperAdmin);
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut v = values();
        v.get_mut("a2")
            .unwrap()
            .insert("current_chats".into(), Some(bad));
        let e = m.view_values(&admin, None, &v).unwrap_err();
        let MonitorError::InvalidInput { field, message } = e else {
            panic!("{e:?}")
        };
        assert_eq!(field, "values.a2.current_chats");
        assert!(
            message.contains("a2") && message.contains("current_chats"),
            "{message}"
        );
    }
    let mut v = values();
    v.insert("ghost".into(), Default::default());
    assert_eq!(
        m.view_values(&admin, None, &v).unwrap_err(),
        MonitorError::UnknownEntity {
            kind: "agent",
            id: "ghost".into()
        }
    );
    let mut v = values();
    v.get_mut("a1")
        .unwrap()
        .insert("talk_secs".into(), Some(1.0));
    assert_eq!(
        m.view_values(&admin, None, &v).unwrap_err(),
        MonitorError::UnknownEntity {
            kind: "metric",
            id: "talk_secs".into()
        }
    );
}

#[test]
fn wm3_wm5_settings_changes_are_scoped_and_all_or_nothing() {
    let mut m = monitor();
    let before = (m.display_settings(), m.thresholds());
    let call_admin = Viewer::new(Role::CallAdmin);
    let online_change = DisplayEntry {
        role: Role::Agent,
        kind: MetricKind::Online,
        metrics: vec!["current_chats".into()],
    };
    let e = m
        .set_display(&call_admin, std::slice::from_ref(&online_change))
        .unwrap_err();
    assert!(
        matches!(e, MonitorError::PermissionDenied { ref permission, .. } if permission == "online_metrics")
    );
    let e = m
        .set_thresholds(
            &call_admin,
            &[ThresholdChange {
                metric: "current_chats".into(),
                threshold: Some(ThresholdLevels {
                    warning: 3.0,
                    critical: None,
                    direction: None,
                }),
            }],
        )
        .unwrap_err();
    assert!(matches!(e, MonitorError::PermissionDenied { .. }));
    let e = m
        .set_display(
            &Viewer::new(Role::TeamLead),
            std::slice::from_ref(&online_change),
        )
        .unwrap_err();
    assert!(matches!(e, MonitorError::PermissionDenied { .. }));
    assert_eq!((m.display_settings(), m.thresholds()), before);

    // An accepted change shows in the next view.
    m.set_display(&Viewer::new(Role::OnlineAdmin), &[online_change])
        .unwrap();
    let v = view_json(&m, &Viewer::new(Role::OnlineAdmin), Some("sales-east")).unwrap();
    assert_eq!(
        v["rows"][0]["cells"],
        json!([{"metric": "current_chats", "value": 2.0, "level": "normal"}])
    );
    m.set_thresholds(
        &Viewer::new(Role::OnlineAdmin),
        &[ThresholdChange {
            metric: "current_chats".into(),
            threshold: Some(ThresholdLevels {
                warning: 1.0,
                critical: None,
                direction: None,
            }),
        }],
    )
    .unwrap();
    let v = view_json(&m, &Viewer::new(Role::OnlineAdmin), Some("sales-east")).unwrap();
    assert_eq!(v["rows"][0]["cells"][0]["level"], "warning");
}

#[test]
fn snapshot_super_admin_view() {
    let m = monitor();
    insta::assert_json_snapshot!(
        "super_admin_all",
        view_json(&m, &Viewer::new(Role::SuperAdmin), None).unwrap()
    );
}

#[test]
fn snapshot_call_admin_hq_view() {
    let m = monitor();
    insta::assert_json_snapshot!(
        "call_admin_hq",
        view_json(&m, &Viewer::new(Role::CallAdmin), Some("hq")).unwrap()
    );
}

#[test]
fn snapshot_settings() {
    let m = monitor();
    insta::assert_json_snapshot!(
        "settings",
        json!({
            "display": m.display_settings(), "thresholds": m.thresholds()
        })
    );
}

#[test]
fn value_tables_belong_to_their_monitor_and_round_trip() {
    let m = monitor();
    let other = monitor();
    let mut t = m.value_table();
    let id = m.catalog().id("avg_talk_seconds").unwrap();
    let a3 = m.tenant().agent_position("a3").unwrap();
    t.set(a3, id, Some(12.5)).unwrap();
    assert_eq!(t.get(a3, id), Some(12.5));
    assert!(matches!(
        t.set(a3, id, Some(f64::NAN)),
        Err(MonitorError::InvalidInput { .. })
    ));
    assert_eq!(t.get(a3, id), Some(12.5), "a refused value changes nothing");
    t.set(a3, id, None).unwrap();
    assert_eq!(t.get(a3, id), None);
    let e = other
        .view(&Viewer::new(Role::SuperAdmin), None, &t)
        .unwrap_err();
    assert!(matches!(e, MonitorError::InvalidInput { ref field, .. } if field == "values"));
}
