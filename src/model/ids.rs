//! Small id types for the site's entities: the position of a year, plan, board, topic,
//! indicator or source in its list of [`Site`](super::Site). A bare `usize` says nothing of
//! what it counts, and `Page::FormerBoard(b, f)` with two of them invites swapping them; a
//! `BoardId` cannot index the topics by mistake.
//!
//! Each id indexes its own list (`site.boards[board]`), and `ids` lists them all in order.

use std::ops::Index;

use super::{Board, Indicator, LifeArea, Plan, Source, Topic, Year};

macro_rules! ids {
    ($($(#[$doc:meta])* $id:ident => $entity:ty;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $id(pub usize);

        impl $id {
            /// Every id of a list of `len` entities, in order.
            pub fn all(len: usize) -> impl Iterator<Item = $id> {
                (0..len).map($id)
            }

            /// The position in its list.
            pub fn index(self) -> usize {
                self.0
            }
        }

        impl Index<$id> for [$entity] {
            type Output = $entity;
            fn index(&self, id: $id) -> &$entity {
                &self[id.0]
            }
        }

        impl Index<$id> for Vec<$entity> {
            type Output = $entity;
            fn index(&self, id: $id) -> &$entity {
                &self[id.0]
            }
        }
    )*};
}

ids! {
    /// A year of `Site::years` (which is sorted by year).
    YearId => Year;
    /// A five-year plan of `Site::plans`.
    PlanId => Plan;
    /// A board (板块) of `Site::boards`.
    BoardId => Board;
    /// A topic (三个二七) of `Site::topics`.
    TopicId => Topic;
    /// An indicator of `Site::indicators`.
    IndicatorId => Indicator;
    /// A source document of `Site::sources`.
    SourceId => Source;
    /// A life area (education, health, ...) of `Site::life_areas`.
    LifeAreaId => LifeArea;
}

/// A former name of a board: its position in `Board::former_names`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FormerNameId(pub usize);
