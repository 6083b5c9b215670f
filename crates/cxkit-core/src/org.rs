//! The tenant's org structure (组织架构).
//!
//! WM1: a tenant with an org structure filters live views by a unit, and a
//! unit includes all its descendants. The tree is validated once when built
//! (unknown parent, cycle, duplicate id are configuration errors) and then
//! answers every query without allocation: each unit gets a pre-order index
//! and the size of its subtree, so "is `u` inside `a`" is two comparisons and
//! the units of a subtree are one contiguous index range.

use crate::error::CoreError;
use crate::ids::OrgUnitId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One unit of the org structure as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgUnit {
    /// The unit's id.
    pub id: OrgUnitId,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// The parent unit; `None` for a root.
    #[serde(default)]
    pub parent: Option<OrgUnitId>,
}

/// A validated org tree (a forest: several roots are allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "Vec<OrgUnit>", into = "Vec<OrgUnit>")]
#[derive(Default)]
pub struct OrgTree {
    units: Vec<OrgUnit>,
    /// id → position in `units` (configuration order).
    index: HashMap<OrgUnitId, u32>,
    /// position → pre-order number.
    pre: Vec<u32>,
    /// position → number of units in its subtree, itself included.
    size: Vec<u32>,
    /// position → parent position.
    parent: Vec<Option<u32>>,
    /// position → depth (roots have depth 0).
    depth: Vec<u32>,
    /// pre-order number → position.
    by_pre: Vec<u32>,
}

impl TryFrom<Vec<OrgUnit>> for OrgTree {
    type Error = CoreError;
    fn try_from(units: Vec<OrgUnit>) -> Result<Self, CoreError> {
        OrgTree::new(units)
    }
}

impl From<OrgTree> for Vec<OrgUnit> {
    fn from(t: OrgTree) -> Self {
        t.units
    }
}


impl OrgTree {
    /// Builds and validates a tree. Errors: duplicate id, unknown parent, a
    /// cycle (including a unit that is its own parent).
    pub fn new(units: Vec<OrgUnit>) -> Result<Self, CoreError> {
        let mut index = HashMap::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            if u.id.as_str().is_empty() {
                return Err(CoreError::config(format!("org[{i}].id"), "empty org unit id"));
            }
            if index.insert(u.id.clone(), i as u32).is_some() {
                return Err(CoreError::config(
                    format!("org[{i}].id"),
                    format!("duplicate org unit `{}`", u.id),
                ));
            }
        }
        let mut parent = Vec::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            match &u.parent {
                None => parent.push(None),
                Some(p) => match index.get(p) {
                    Some(&pi) => parent.push(Some(pi)),
                    None => {
                        return Err(CoreError::config(
                            format!("org[{i}].parent"),
                            format!("unit `{}` has unknown parent `{p}`", u.id),
                        ));
                    }
                },
            }
        }
        let n = units.len();
        let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p as usize].push(i as u32);
            }
        }
        // Iterative DFS from the roots; any unit not reached sits on a cycle.
        let mut pre = vec![u32::MAX; n];
        let mut size = vec![1u32; n];
        let mut depth = vec![0u32; n];
        let mut by_pre = Vec::with_capacity(n);
        let mut stack: Vec<(u32, usize)> = Vec::new();
        for root in (0..n).filter(|&i| parent[i].is_none()) {
            pre[root] = by_pre.len() as u32;
            by_pre.push(root as u32);
            stack.push((root as u32, 0));
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&child) = children[node as usize].get(*next) {
                    *next += 1;
                    pre[child as usize] = by_pre.len() as u32;
                    depth[child as usize] = depth[node as usize] + 1;
                    by_pre.push(child);
                    stack.push((child, 0));
                } else {
                    stack.pop();
                    if let Some(&(up, _)) = stack.last() {
                        size[up as usize] += size[node as usize];
                    }
                }
            }
        }
        if let Some(i) = pre.iter().position(|&p| p == u32::MAX) {
            return Err(CoreError::config(
                format!("org[{i}].parent"),
                format!("unit `{}` is part of a cycle", units[i].id),
            ));
        }
        Ok(OrgTree {
            units,
            index,
            pre,
            size,
            parent,
            depth,
            by_pre,
        })
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether the tenant has no org structure (WM1: then everyone is seen).
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The units in configuration order.
    pub fn units(&self) -> &[OrgUnit] {
        &self.units
    }

    /// Whether `unit` exists.
    pub fn contains(&self, unit: &OrgUnitId) -> bool {
        self.index.contains_key(unit)
    }

    /// Position of a unit (its index in configuration order).
    pub fn position<Q: AsRef<str> + ?Sized>(&self, unit: &Q) -> Result<u32, CoreError> {
        let unit = unit.as_ref();
        self.index
            .get(unit)
            .copied()
            .ok_or_else(|| CoreError::unknown("org_unit", unit))
    }

    /// The unit at a position.
    pub fn unit_at(&self, position: u32) -> &OrgUnit {
        &self.units[position as usize]
    }

    /// The parent of a unit, if any.
    pub fn parent_of(&self, unit: &OrgUnitId) -> Result<Option<&OrgUnitId>, CoreError> {
        let p = self.position(unit)?;
        Ok(self.parent[p as usize].map(|pp| &self.units[pp as usize].id))
    }

    /// Depth of a unit (0 for a root).
    pub fn depth(&self, unit: &OrgUnitId) -> Result<u32, CoreError> {
        Ok(self.depth[self.position(unit)? as usize])
    }

    /// Positions of `unit` and all its ancestors, the unit first. O(depth).
    pub fn ancestors_and_self(&self, position: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(position), move |&p| self.parent[p as usize])
    }

    /// Whether `unit` is `ancestor` or lies below it. O(1).
    pub fn is_within(&self, unit: &OrgUnitId, ancestor: &OrgUnitId) -> Result<bool, CoreError> {
        let u = self.position(unit)?;
        let a = self.position(ancestor)?;
        Ok(self.is_within_pos(u, a))
    }

    /// [`OrgTree::is_within`] on positions.
    pub fn is_within_pos(&self, unit: u32, ancestor: u32) -> bool {
        let pu = self.pre[unit as usize];
        let pa = self.pre[ancestor as usize];
        pu >= pa && pu < pa + self.size[ancestor as usize]
    }

    /// The pre-order number of a unit; the units of any subtree have
    /// consecutive pre-order numbers (see [`OrgTree::subtree_range`]).
    pub fn preorder(&self, position: u32) -> u32 {
        self.pre[position as usize]
    }

    /// The half-open range of pre-order numbers covered by `unit`'s subtree.
    pub fn subtree_range(&self, unit: &OrgUnitId) -> Result<std::ops::Range<u32>, CoreError> {
        let p = self.position(unit)?;
        let start = self.pre[p as usize];
        Ok(start..start + self.size[p as usize])
    }

    /// `unit` and all its descendants, in pre-order.
    pub fn descendants_and_self(&self, unit: &OrgUnitId) -> Result<Vec<&OrgUnitId>, CoreError> {
        let r = self.subtree_range(unit)?;
        Ok(r.map(|pre| &self.units[self.by_pre[pre as usize] as usize].id)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(id: &str, parent: Option<&str>) -> OrgUnit {
        OrgUnit {
            id: id.into(),
            name: id.to_uppercase(),
            parent: parent.map(Into::into),
        }
    }

    fn sample() -> OrgTree {
        OrgTree::new(vec![
            unit("hq", None),
            unit("sales", Some("hq")),
            unit("support", Some("hq")),
            unit("support-bj", Some("support")),
            unit("support-sh", Some("support")),
            unit("other-root", None),
        ])
        .unwrap()
    }

    #[test]
    fn wm1_unit_includes_descendants() {
        let t = sample();
        let d: Vec<_> = t
            .descendants_and_self(&"support".into())
            .unwrap()
            .into_iter()
            .map(|u| u.as_str())
            .collect();
        assert_eq!(d, ["support", "support-bj", "support-sh"]);
        assert!(t.is_within(&"support-sh".into(), &"hq".into()).unwrap());
        assert!(!t.is_within(&"sales".into(), &"support".into()).unwrap());
        assert!(!t.is_within(&"hq".into(), &"support".into()).unwrap());
        assert_eq!(t.depth(&"support-bj".into()).unwrap(), 2);
        let pos = t.position("support-bj").unwrap();
        let chain: Vec<_> = t
            .ancestors_and_self(pos)
            .map(|p| t.unit_at(p).id.as_str())
            .collect();
        assert_eq!(chain, ["support-bj", "support", "hq"]);
    }

    #[test]
    fn unknown_parent_cycle_and_duplicate_are_config_errors() {
        let e = OrgTree::new(vec![unit("a", Some("ghost"))]).unwrap_err();
        assert!(matches!(&e, CoreError::Config { field, .. } if field == "org[0].parent"), "{e}");
        assert!(e.to_string().contains("ghost"));
        let e = OrgTree::new(vec![unit("a", Some("b")), unit("b", Some("a"))]).unwrap_err();
        assert!(e.to_string().contains("cycle"), "{e}");
        let e = OrgTree::new(vec![unit("a", Some("a"))]).unwrap_err();
        assert!(e.to_string().contains("cycle"), "{e}");
        let e = OrgTree::new(vec![unit("a", None), unit("a", None)]).unwrap_err();
        assert!(e.to_string().contains("duplicate"), "{e}");
    }

    #[test]
    fn serde_round_trip_and_validation_on_load() {
        let t = sample();
        let json = serde_json::to_string(&t).unwrap();
        let back: OrgTree = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        let bad = r#"[{"id":"a","parent":"b"},{"id":"b","parent":"a"}]"#;
        assert!(serde_json::from_str::<OrgTree>(bad).is_err());
    }

    proptest! {
        /// is_within agrees with walking parents, for random forests.
        #[test]
        fn is_within_matches_parent_walk(parents in proptest::collection::vec(proptest::option::of(0usize..40), 1..40)) {
            // unit i may only have a parent with a smaller index: always a forest.
            let units: Vec<OrgUnit> = parents.iter().enumerate().map(|(i, p)| OrgUnit {
                id: format!("u{i}").into(),
                name: String::new(),
                parent: p.filter(|&p| p < i).map(|p| format!("u{p}").into()),
            }).collect();
            let t = OrgTree::new(units.clone()).unwrap();
            for a in &units {
                let brute: Vec<&str> = units.iter().filter(|u| {
                    let mut cur = Some(u.id.clone());
                    while let Some(c) = cur {
                        if c == a.id { return true; }
                        cur = units.iter().find(|x| x.id == c).and_then(|x| x.parent.clone());
                    }
                    false
                }).map(|u| u.id.as_str()).collect();
                let mut fast: Vec<&str> = t.descendants_and_self(&a.id).unwrap().into_iter().map(|u| u.as_str()).collect();
                let mut brute_sorted = brute.clone();
                brute_sorted.sort();
                fast.sort();
                prop_assert_eq!(fast, brute_sorted);
                for u in &units {
                    prop_assert_eq!(t.is_within(&u.id, &a.id).unwrap(), brute.contains(&u.id.as_str()));
                }
            }
        }
    }
}
