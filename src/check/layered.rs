//! Layers: the parts of a checked program that a scenario shares with the
//! knowledge base it extends. A [`Layered`] list is the base's items,
//! frozen and shared behind an `Arc`, followed by the layer's own; ids
//! count on across the two, so an id of the base means the same in every
//! layer over it, and starting a layer copies nothing.

use std::collections::HashMap;
use std::sync::Arc;

/// A list whose first items are a shared, frozen base.
#[derive(Clone, Debug)]
pub struct Layered<T> {
    base: Arc<Vec<T>>,
    own: Vec<T>,
}

impl<T> Default for Layered<T> {
    fn default() -> Self {
        Layered {
            base: Arc::new(Vec::new()),
            own: Vec::new(),
        }
    }
}

impl<T: Clone> Layered<T> {
    /// Number of items, the base's included.
    pub fn len(&self) -> usize {
        self.base.len() + self.own.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Item `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&T> {
        let b = self.base.len();
        if i < b {
            self.base.get(i)
        } else {
            self.own.get(i - b)
        }
    }

    /// Every item, the base's first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone + '_ {
        self.base.iter().chain(self.own.iter())
    }

    /// Adds an item; returns its index.
    pub fn push(&mut self, item: T) -> usize {
        self.own.push(item);
        self.len() - 1
    }

    /// The index of the first item of this layer.
    pub fn own_start(&self) -> usize {
        self.base.len()
    }

    /// This layer's items.
    pub fn own(&self) -> &[T] {
        &self.own
    }

    /// This layer's items, to change.
    pub fn own_mut(&mut self) -> &mut [T] {
        &mut self.own
    }

    /// Makes every item part of the shared base.
    pub fn freeze(&mut self) {
        freeze_into(&mut self.base, &mut self.own, Vec::is_empty);
    }

    /// A new layer over this one's items (frozen first if needed): shares
    /// them and has none of its own.
    pub fn layer(&self) -> Layered<T> {
        let mut base = self.clone();
        base.freeze();
        base
    }
}

impl<T: Clone> std::ops::Index<usize> for Layered<T> {
    type Output = T;

    #[inline]
    fn index(&self, i: usize) -> &T {
        let b = self.base.len();
        if i < b {
            &self.base[i]
        } else {
            &self.own[i - b]
        }
    }
}

impl<'a, T: Clone> IntoIterator for &'a Layered<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Chain<std::slice::Iter<'a, T>, std::slice::Iter<'a, T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.base.iter().chain(self.own.iter())
    }
}

/// Names to ids, with a shared, frozen base.
#[derive(Clone, Debug)]
pub struct Names<Id> {
    base: Arc<HashMap<String, Id>>,
    own: HashMap<String, Id>,
}

impl<Id> Default for Names<Id> {
    fn default() -> Self {
        Names {
            base: Arc::new(HashMap::new()),
            own: HashMap::new(),
        }
    }
}

impl<Id: Copy> Names<Id> {
    /// The id of a name.
    #[inline]
    pub fn get(&self, name: &str) -> Option<Id> {
        self.own.get(name).or_else(|| self.base.get(name)).copied()
    }

    /// Adds a name.
    pub fn insert(&mut self, name: String, id: Id) {
        self.own.insert(name, id);
    }

    /// Makes every name part of the shared base.
    pub fn freeze(&mut self) {
        freeze_into(&mut self.base, &mut self.own, HashMap::is_empty);
    }

    /// A new layer over this one's names (frozen first if needed).
    pub fn layer(&self) -> Names<Id> {
        let mut base = self.clone();
        base.freeze();
        base
    }
}

/// Moves a layer's own part into its shared base (which takes it whole
/// when it is empty itself).
fn freeze_into<C>(base: &mut Arc<C>, own: &mut C, is_empty: impl Fn(&C) -> bool)
where
    C: Default + Clone + IntoIterator + Extend<<C as IntoIterator>::Item>,
{
    if is_empty(own) {
        return;
    }
    let own = std::mem::take(own);
    if is_empty(base) {
        *base = Arc::new(own);
    } else {
        Arc::make_mut(base).extend(own);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_shares_the_base_and_counts_on() {
        let mut base: Layered<&str> = Layered::default();
        base.push("a");
        base.push("b");
        let mut over = base.layer();
        assert_eq!(over.push("c"), 2);
        assert_eq!(over.own(), ["c"]);
        assert_eq!(over.iter().copied().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!((over[0], over[2], over.get(3)), ("a", "c", None));
        assert_eq!(base.len(), 2, "the base is unchanged");
        let mut names: Names<u32> = Names::default();
        names.insert("p".into(), 0);
        let mut more = names.layer();
        more.insert("q".into(), 1);
        assert_eq!((more.get("p"), more.get("q")), (Some(0), Some(1)));
        assert_eq!(names.get("q"), None);
    }
}
