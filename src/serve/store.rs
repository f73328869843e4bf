//! The preview's files as it holds them: compressed. The preview keeps every file of the site
//! in memory (nothing is written to disk), and as rendered a large site's pages take more
//! memory than the whole build that made them. LZ4 packs the synthetic sites' pages to an
//! eighth of their size (the Erqi site's to a third) at about 700 MB/s a core, and unpacks a
//! page in well under a millisecond when it is asked for.

use axum::body::Bytes;

use crate::routes::OutFile;

/// One file, compressed.
#[derive(Clone)]
pub struct Stored {
    packed: Bytes,
}

impl Stored {
    /// Compresses `bytes`.
    pub fn pack(bytes: &[u8]) -> Stored {
        Stored { packed: Bytes::from(lz4_flex::compress_prepend_size(bytes)) }
    }

    /// A rendered file as the preview keeps it: its path, and its contents compressed.
    pub fn file(file: OutFile) -> (String, Stored) {
        let packed = Stored::pack(&file.bytes);
        (file.path, packed)
    }

    /// The file's contents.
    pub fn bytes(&self) -> Bytes {
        // Only `pack` makes a `Stored`, so what it packed always unpacks.
        Bytes::from(lz4_flex::decompress_size_prepended(&self.packed).expect("a file packed by Stored::pack unpacks"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_comes_back_as_it_was_and_smaller() {
        let page = "<li class=\"fact\"><a href=\"/zh/boards/economy/\">地区生产总值</a></li>\n".repeat(200);
        let stored = Stored::pack(page.as_bytes());
        assert_eq!(stored.bytes(), page.as_bytes());
        assert!(stored.packed.len() * 4 < page.len(), "{} of {} bytes", stored.packed.len(), page.len());
        assert_eq!(Stored::pack(b"").bytes(), Bytes::new());
    }
}
