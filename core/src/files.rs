//! Files in conversations (issue 23): what a file is, judged from its first
//! bytes and never from its name or the type its sender claims; whether a
//! channel takes it; the name it is shown and served under; how it is
//! served so that it can never run as part of our pages. The Worker stores
//! files (R2) and serves them through itself; this decides.

use crate::limits::{MAX_FILE_MB, MAX_FILE_NAME_CHARS};
use crate::protocol::FileLimits;
use crate::reasons::{refuse, FieldError};
use crate::workspace::reorders;

/// What a file is, from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    /// A ZIP archive (and the office documents made of one).
    Zip,
    /// UTF-8 text without NUL bytes: plain text, and HTML, SVG or scripts
    /// too, which are served as text to download, never rendered.
    Text,
    Other,
}

/// How many first bytes [`Kind::sniff`] looks at.
pub const SNIFF_BYTES: usize = 512;

/// Every kind an admin may allow, in the order they are offered; a channel
/// whose admin has not said takes them all (images, PDF, text and archives).
pub const KINDS: [Kind; 7] = [Kind::Png, Kind::Jpeg, Kind::Gif, Kind::Webp, Kind::Pdf, Kind::Zip, Kind::Text];

impl Kind {
    /// The kind of a file whose first bytes are `head` (at most
    /// [`SNIFF_BYTES`] are read).
    pub fn sniff(head: &[u8]) -> Kind {
        let head = &head[..head.len().min(SNIFF_BYTES)];
        match head {
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Kind::Png,
            [0xFF, 0xD8, 0xFF, ..] => Kind::Jpeg,
            [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Kind::Gif,
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Kind::Webp,
            [b'%', b'P', b'D', b'F', b'-', ..] => Kind::Pdf,
            [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Kind::Zip,
            _ if !head.is_empty() && !head.contains(&0) && is_utf8_prefix(head) => Kind::Text,
            _ => Kind::Other,
        }
    }

    /// The type it is served as.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            Kind::Pdf => "application/pdf",
            Kind::Zip => "application/zip",
            Kind::Text => "text/plain; charset=utf-8",
            Kind::Other => "application/octet-stream",
        }
    }

    /// Raster images: the only files ever shown inline (as images).
    pub fn is_image(self) -> bool {
        matches!(self, Kind::Png | Kind::Jpeg | Kind::Gif | Kind::Webp)
    }

    /// What an admin calls it, and people are told.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Png => "PNG",
            Kind::Jpeg => "JPEG",
            Kind::Gif => "GIF",
            Kind::Webp => "WebP",
            Kind::Pdf => "PDF",
            Kind::Zip => "ZIP",
            Kind::Text => "text",
            Kind::Other => "other",
        }
    }
}

/// `head` is valid UTF-8, but for a character cut at its end.
fn is_utf8_prefix(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// A channel's file limits as an admin set them, checked: a size from 1 to
/// [`MAX_FILE_MB`] MB, kinds [`KINDS`] names (each once, in their
/// order; none means no files at all).
pub fn limits(raw: &FileLimits) -> Result<FileLimits, FieldError> {
    if !(1..=MAX_FILE_MB).contains(&raw.max_mb) {
        return Err(refuse("files", "file-size", &[("count", MAX_FILE_MB.to_string())]));
    }
    if let Some(bad) = raw.kinds.iter().find(|k| !KINDS.iter().any(|a| a.label() == k.as_str())) {
        return Err(refuse("files", "file-kind", &[("what", bad.chars().take(20).collect())]));
    }
    let kinds = KINDS.iter().map(|k| k.label()).filter(|l| raw.kinds.iter().any(|k| k == l));
    Ok(FileLimits { max_mb: raw.max_mb, kinds: kinds.map(str::to_owned).collect() })
}

/// The kinds `limits` names, and its size in bytes.
pub fn taken(limits: &FileLimits) -> (Vec<Kind>, u64) {
    let kinds = KINDS.iter().copied().filter(|k| limits.kinds.iter().any(|l| l == k.label())).collect();
    (kinds, u64::from(limits.max_mb) * 1024 * 1024)
}

/// Why a file is refused (each client says it in its person's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// Larger than the channel takes (its limit, in bytes).
    TooLarge {
        max_bytes: u64,
    },
    /// A kind the channel does not take.
    NotAllowed(Kind),
}

/// Whether a channel that takes `allowed` kinds up to `max_bytes` takes a
/// file of `size` bytes starting with `head`: its kind if so.
pub fn check(size: u64, head: &[u8], max_bytes: u64, allowed: &[Kind]) -> Result<Kind, Refusal> {
    if size == 0 {
        return Err(Refusal::Empty);
    }
    if size > max_bytes {
        return Err(Refusal::TooLarge { max_bytes });
    }
    let kind = Kind::sniff(head);
    if !allowed.contains(&kind) {
        return Err(Refusal::NotAllowed(kind));
    }
    Ok(kind)
}

/// The name a file is shown and served under: the last part of what its
/// sender's system called it, without control or reordering characters,
/// at most [`MAX_FILE_NAME_CHARS`] characters, never empty.
pub fn file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last.chars().filter(|c| !c.is_control() && !reorders(*c)).collect();
    let kept = kept.trim();
    let kept = if kept.chars().count() > MAX_FILE_NAME_CHARS {
        // Keep the end, where the extension is.
        let skip = kept.chars().count() - MAX_FILE_NAME_CHARS;
        kept.chars().skip(skip).collect::<String>().trim().to_owned()
    } else {
        kept.to_owned()
    };
    if kept.is_empty() || kept.chars().all(|c| c == '.') {
        "file".to_owned()
    } else {
        kept
    }
}

/// The `Content-Disposition` a file is served with: `inline` only for a
/// raster image, else `attachment` (the browser downloads it), naming it
/// by [`file_name`] (RFC 6266; the UTF-8 name as RFC 8187 says).
pub fn content_disposition(name: &str, kind: Kind) -> String {
    let name = file_name(name);
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let how = if kind.is_image() { "inline" } else { "attachment" };
    format!("{how}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Every header a file is served with besides its length: its type from
/// its content, how to show it, and what keeps it from ever running as one
/// of our pages (no sniffing, a sandbox without scripts).
pub fn served_headers(name: &str, kind: Kind) -> [(&'static str, String); 5] {
    [
        ("content-type", kind.content_type().to_owned()),
        ("content-disposition", content_disposition(name, kind)),
        ("x-content-type-options", "nosniff".to_owned()),
        ("content-security-policy", "default-src 'none'; img-src 'self'; sandbox".to_owned()),
        ("cache-control", "private, no-store".to_owned()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    #[test]
    fn a_file_is_what_its_bytes_say_whatever_its_name() {
        assert_eq!(Kind::sniff(PNG), Kind::Png);
        assert_eq!(Kind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Kind::Jpeg);
        assert_eq!(Kind::sniff(b"GIF89a\x01\x00"), Kind::Gif);
        assert_eq!(Kind::sniff(b"RIFF\x24\x00\x00\x00WEBPVP8 "), Kind::Webp);
        assert_eq!(Kind::sniff(b"%PDF-1.7\n"), Kind::Pdf);
        assert_eq!(Kind::sniff(b"PK\x03\x04\x14\x00"), Kind::Zip);
        assert_eq!(Kind::sniff("Bonjour, voilà ma facture.".as_bytes()), Kind::Text);
        assert_eq!(Kind::sniff(b"\x7fELF\x02\x01\x01\x00"), Kind::Other);
        assert_eq!(Kind::sniff(b""), Kind::Other);
    }

    #[test]
    fn html_and_svg_are_text_never_images_and_are_downloaded() {
        for page in [
            &b"<!doctype html><script>alert(1)</script>"[..],
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        ] {
            let kind = Kind::sniff(page);
            assert_eq!(kind, Kind::Text);
            assert!(!kind.is_image());
            let headers = served_headers("cat.svg", kind);
            assert_eq!(headers[0].1, "text/plain; charset=utf-8");
            assert!(headers[1].1.starts_with("attachment;"), "{}", headers[1].1);
            assert!(headers.iter().any(|(k, v)| *k == "content-security-policy" && v.contains("sandbox")));
        }
        assert!(served_headers("photo.png", Kind::Png)[1].1.starts_with("inline;"));
    }

    #[test]
    fn a_channel_takes_what_it_allows_up_to_its_size() {
        assert_eq!(check(12, PNG, 100, &KINDS), Ok(Kind::Png));
        assert_eq!(check(0, b"", 100, &KINDS), Err(Refusal::Empty));
        assert_eq!(check(101, PNG, 100, &KINDS), Err(Refusal::TooLarge { max_bytes: 100 }));
        assert_eq!(check(8, b"\x7fELF\x02\x01\x01\x00", 100, &KINDS), Err(Refusal::NotAllowed(Kind::Other)));
        assert_eq!(check(12, PNG, 100, &[Kind::Pdf]), Err(Refusal::NotAllowed(Kind::Png)));
    }

    #[test]
    fn a_text_cut_in_the_middle_of_a_character_is_still_text() {
        let text = "é".repeat(SNIFF_BYTES);
        assert_eq!(Kind::sniff(&text.as_bytes()[..SNIFF_BYTES - 1]), Kind::Text);
        assert_eq!(
            Kind::sniff(&text.as_bytes()[..SNIFF_BYTES + 1]),
            Kind::Text,
            "only the first bytes count"
        );
    }

    #[test]
    fn an_admin_sets_a_size_and_kinds_and_the_defaults_are_sensible() {
        let default = FileLimits::default();
        assert_eq!(limits(&default), Ok(default.clone()));
        assert_eq!(taken(&default), (KINDS.to_vec(), 10 * 1024 * 1024));
        let only = FileLimits { max_mb: 2, kinds: vec!["PDF".into(), "PNG".into(), "PDF".into()] };
        assert_eq!(limits(&only).unwrap().kinds, ["PNG", "PDF"], "each once, in order");
        assert!(limits(&FileLimits { max_mb: 0, kinds: vec![] }).is_err());
        assert!(limits(&FileLimits { max_mb: MAX_FILE_MB + 1, kinds: vec![] }).is_err());
        assert!(limits(&FileLimits { max_mb: 5, kinds: vec!["exe".into()] }).is_err());
        assert_eq!(taken(&FileLimits { max_mb: 5, kinds: vec![] }).0, [], "no kinds: no files");
    }

    #[test]
    fn names_are_kept_readable_and_harmless() {
        assert_eq!(file_name("C:\\Users\\ann\\Desktop\\invoice 42.pdf"), "invoice 42.pdf");
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("photo\u{202E}gnp.exe"), "photognp.exe");
        assert_eq!(file_name("  \n"), "file");
        assert_eq!(file_name(".."), "file");
        let long = format!("{}.pdf", "a".repeat(200));
        assert_eq!(file_name(&long).chars().count(), MAX_FILE_NAME_CHARS);
        assert!(file_name(&long).ends_with(".pdf"), "the extension stays");
    }

    #[test]
    fn the_disposition_names_the_file_in_ascii_and_in_utf8() {
        assert_eq!(
            content_disposition("Facture \"mars\" é.pdf", Kind::Pdf),
            "attachment; filename=\"Facture _mars_ _.pdf\"; filename*=UTF-8''Facture%20%22mars%22%20%C3%A9.pdf"
        );
    }

    proptest! {
        #[test]
        fn any_name_is_served_safely(raw in ".{0,300}") {
            let name = file_name(&raw);
            prop_assert!(!name.is_empty() && name.chars().count() <= MAX_FILE_NAME_CHARS);
            prop_assert!(!name.chars().any(|c| c.is_control() || reorders(c) || c == '/' || c == '\\'));
            let header = content_disposition(&raw, Kind::Other);
            prop_assert!(header.is_ascii() && !header.contains(['\r', '\n']));
            prop_assert_eq!(header.matches('"').count(), 2, "{}", header);
        }

        #[test]
        fn sniffing_any_bytes_answers(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let kind = Kind::sniff(&bytes);
            prop_assert!(!kind.is_image() || bytes.len() >= 4);
        }
    }
}
