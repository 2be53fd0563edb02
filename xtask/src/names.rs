//! Short names between a browser wasm and its glue.
//!
//! wasm-bindgen names every import after its method and a 16-digit hash
//! (`__wbg_appendChild_dbf7ad2f48413560`) and every closure shim after its
//! full type path; each name stands twice, in the wasm and in the glue, and
//! hashes do not compress. npm's binaryen renames them all to one or two
//! letters (`--minify-imports-and-exports-and-modules`) and prints the
//! mapping, which this module applies to the glue: 4.9 KB gzip of the widget.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::tools::{node_bin, path_with_node};
use crate::Result;

/// Renames the imports and exports of `wasm` (in place) and the same names
/// in its minified `glue`, whose one import module is `module`.
pub fn shorten(wasm: &Path, glue: &Path, module: &str) -> Result {
    let out = Command::new(node_bin("wasm-opt"))
        .env("PATH", path_with_node())
        .arg("--minify-imports-and-exports-and-modules")
        .arg("-o")
        .arg(wasm)
        .arg(wasm)
        .output()
        .map_err(|e| format!("wasm-opt: {e}"))?;
    if !out.status.success() {
        return Err(format!("wasm-opt: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let map = Mapping::parse(&out.stdout).ok_or("wasm-opt printed no mapping of names")?;
    let bytes = fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let new_module = first_import_module(&bytes).ok_or("the wasm has no import section")?;
    let mut names = HashMap::new();
    for (from, _, _) in &map.imports {
        if from != module {
            return Err(format!("an import from {from}: the glue is expected to hold every import").into());
        }
    }
    names.extend(map.imports.iter().map(|(_, old, new)| (old.as_str(), new.as_str())));
    names.extend(map.exports.iter().map(|(old, new)| (old.as_str(), new.as_str())));
    let source = fs::read_to_string(glue).map_err(|e| format!("{}: {e}", glue.display()))?;
    let quoted = format!("\"{module}\":");
    if source.matches(&quoted).count() != 1 {
        return Err(format!("{}: expected one import object keyed {quoted}", glue.display()).into());
    }
    let renamed = rename(&source.replace(&quoted, &format!("\"{new_module}\":")), &names);
    if let Some(left) = names.keys().find(|old| old.len() > 8 && token_in(&renamed, old)) {
        return Err(format!("{}: {left} is still named in the glue", glue.display()).into());
    }
    fs::write(glue, renamed).map_err(|e| format!("{}: {e}", glue.display()).into())
}

/// wasm-opt's mapping: `{"imports": [[module, name, new]], "exports": [[name, new]]}`.
struct Mapping {
    imports: Vec<(String, String, String)>,
    exports: Vec<(String, String)>,
}

impl Mapping {
    fn parse(json: &[u8]) -> Option<Mapping> {
        let value: serde_json::Value = serde_json::from_slice(json).ok()?;
        let text = |v: &serde_json::Value, i: usize| v.get(i)?.as_str().map(str::to_owned);
        let rows = |key: &str| value.get(key).and_then(|v| v.as_array().cloned()).unwrap_or_default();
        let imports: Option<_> =
            rows("imports").iter().map(|r| Some((text(r, 0)?, text(r, 1)?, text(r, 2)?))).collect();
        let exports: Option<_> = rows("exports").iter().map(|r| Some((text(r, 0)?, text(r, 1)?))).collect();
        Some(Mapping { imports: imports?, exports: exports? })
    }
}

/// Replaces each identifier of `source` that `names` renames where it is a
/// property: after a `.` (`i.memory`) or before a `:` (a key of the imports
/// object). Other identifiers (minified locals) are left alone.
fn rename(source: &str, names: &HashMap<&str, &str>) -> String {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    let mut before = ' ';
    while let Some(start) = rest.find(is_ident) {
        out.push_str(&rest[..start]);
        before = rest[..start].chars().last().unwrap_or(before);
        let len = rest[start..].find(|c| !is_ident(c)).unwrap_or(rest.len() - start);
        let token = &rest[start..start + len];
        let after = rest[start + len..].chars().next();
        match names.get(token) {
            Some(new) if before == '.' || after == Some(':') => out.push_str(new),
            _ => out.push_str(token),
        }
        before = token.chars().last().unwrap_or(before);
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

fn token_in(source: &str, name: &str) -> bool {
    source.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).any(|t| t == name)
}

/// The module name of a wasm binary's first import (sections are
/// length-prefixed: skip to section 2, read its first entry's name).
fn first_import_module(wasm: &[u8]) -> Option<String> {
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, body) = leb(wasm, at + 1)?;
        if id == 2 {
            let (_count, name) = leb(wasm, body)?;
            let (len, text) = leb(wasm, name)?;
            return String::from_utf8(wasm.get(text..text + len)?.to_vec()).ok();
        }
        at = body + size;
    }
    None
}

/// An unsigned LEB128 at `at`: its value and where what follows starts.
fn leb(bytes: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = *bytes.get(at)?;
        value |= usize::from(byte & 0x7f) << shift;
        at += 1;
        if byte & 0x80 == 0 {
            return Some((value, at));
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_properties_and_keys_not_locals() {
        let names = HashMap::from([("memory", "a"), ("__wbg_x_0123", "b"), ("__wbg_x_0123_1", "c")]);
        let glue = "let memory=i.memory.buffer;return{__wbg_x_0123:function(){},__wbg_x_0123_1:f}";
        assert_eq!(rename(glue, &names), "let memory=i.a.buffer;return{b:function(){},c:f}");
    }

    #[test]
    fn reads_the_first_import_module() {
        // magic and version; a type section of 4 bytes; an import section
        // with one import from "ab".
        let wasm = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 8, 1, 2, b'a', b'b', 1, b'f', 0, 0];
        assert_eq!(first_import_module(&wasm).as_deref(), Some("ab"));
    }
}
