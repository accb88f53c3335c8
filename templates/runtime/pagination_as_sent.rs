//! A list's items as the server sent them: each item read from the page body as any
//! deserializable `T` (`serde_json::Value`, say) instead of the typed model, which drops `null`s
//! and fields it does not know. Paging itself stays with the typed page (next request, loop
//! guard, prefetch); only where the items come from differs.

use crate::runtime::call::{Call, ResponseMeta};
use crate::runtime::decode_json::decode_json;
use crate::runtime::error::Error;
use crate::runtime::pagination::{AutoPager, Page, Paginated};
use std::fmt;
use std::marker::PhantomData;

impl<P: Paginated> Page<P> {
    /// The response body as the server sent it.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The items of this page as the server sent them, each decoded as `T` rather than as the
    /// typed item: `serde_json::Value` keeps the `null`s and unknown fields the model drops.
    /// Fails only when an item does not decode as `T`.
    pub fn items_as<T: serde::de::DeserializeOwned>(&self) -> Result<Vec<T>, Error> {
        let meta = ResponseMeta {
            status: self.status,
            headers: reqwest::header::HeaderMap::new(),
            url: self.url.clone(),
        };
        let items: ItemsAsSent<P, T> = decode_json(&self.exchange, &meta, &self.body)?;
        Ok(items.items)
    }
}

impl<T: serde::de::DeserializeOwned + Send + 'static> AutoPager<T> {
    /// Every item of the list that `first` requests, as the server sent it: each decoded as
    /// `T` from the page body ([`Page::items_as`]) rather than taken from the typed model.
    /// Paging is that of [`AutoPager::new`]: lazy, the same options, prefetch and loop guard.
    pub fn as_sent<P: Paginated>(first: Call<Page<P>>) -> Self {
        AutoPager::starting(first, |page| page.items_as())
    }
}

/// A page body read for its items alone (`P::ITEMS`, or the whole body when it is the array),
/// each decoded as `T`; every other property is skipped unread. Absent or `null` items are none.
struct ItemsAsSent<P, T> {
    items: Vec<T>,
    page: PhantomData<fn() -> P>,
}

impl<'de, P: Paginated, T: serde::Deserialize<'de>> serde::Deserialize<'de>
for ItemsAsSent<P, T> {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let items = match P::ITEMS {
            Some(_) => deserializer.deserialize_map(ItemsVisitor::<P, T>(PhantomData))?,
            None => Vec::deserialize(deserializer)?,
        };
        Ok(ItemsAsSent {
            items,
            page: PhantomData,
        })
    }
}

struct ItemsVisitor<P, T>(PhantomData<fn() -> (P, T)>);
impl<'de, P: Paginated, T: serde::Deserialize<'de>> serde::de::Visitor<'de>
for ItemsVisitor<P, T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a page object with `{}`", P::ITEMS.unwrap_or_default())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if Some(key.as_str()) == P::ITEMS {
                items = map.next_value::<Option<Vec<T>>>()?.unwrap_or_default();
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(items)
    }
}
