//! A TrueType subsetter: the glyphs a chart uses, cut out of the bundled
//! font so that every SVG can carry its own typeface as `@font-face` data
//! (a few kilobytes, not the 400 kB of the whole font).
//!
//! The subset keeps what a browser needs to lay text out exactly as the
//! chart measured it ([`super::canvas`] measures with the same font):
//! outlines (`glyf`, `loca`), advance widths (`hmtx`, `hhea`), vertical
//! metrics (`OS/2`, `hhea`, `head`) and the character map (`cmap`, one
//! format-4 table). It drops the hinting programs (and each glyph's
//! instructions), `GSUB` (no ligatures) and the kerning of `kern` and
//! `GPOS`: charts measure text by advance widths alone, so every renderer
//! (browsers, the PNG rasteriser) lays it out the same way. The SVG asks
//! for `text-rendering: geometricPrecision`, so browsers that round hinted
//! advances to whole pixels at small sizes use the exact ones.
//!
//! The font's copyright and licence strings are copied into the subset's
//! `name` table; its family name is the caller's, as the SIL Open Font
//! Licence asks of a modified version (the original's name is reserved).
//! The table layout follows the OpenType specification
//! (<https://learn.microsoft.com/en-us/typography/opentype/spec/>).

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};

fn bad(what: &str) -> Error {
    Error::other(format!("font subsetting: {what}"))
}

fn u16_at(d: &[u8], o: usize) -> Result<u16> {
    d.get(o..o + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or_else(|| bad("table too short"))
}

fn u32_at(d: &[u8], o: usize) -> Result<u32> {
    d.get(o..o + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| bad("table too short"))
}

/// The font's tables by tag.
fn tables(font: &[u8]) -> Result<BTreeMap<[u8; 4], &[u8]>> {
    let n = u16_at(font, 4)? as usize;
    let mut out = BTreeMap::new();
    for i in 0..n {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font
            .get(rec..rec + 4)
            .and_then(|t| t.try_into().ok())
            .ok_or_else(|| bad("table directory too short"))?;
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        let data = font
            .get(off..off + len)
            .ok_or_else(|| bad("table outside the file"))?;
        out.insert(tag, data);
    }
    Ok(out)
}

fn table<'a>(t: &BTreeMap<[u8; 4], &'a [u8]>, tag: &[u8; 4]) -> Result<&'a [u8]> {
    t.get(tag).copied().ok_or_else(|| {
        bad(&format!(
            "no {} table",
            String::from_utf8_lossy(tag).trim_end()
        ))
    })
}

const ARG_WORDS: u16 = 0x0001;
const HAVE_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAVE_XY_SCALE: u16 = 0x0040;
const HAVE_2X2: u16 = 0x0080;
const HAVE_INSTRUCTIONS: u16 = 0x0100;

/// For a composite glyph: each component's (offset of its glyph index,
/// glyph index), and the end of the component records.
fn components(g: &[u8]) -> Result<(Vec<(usize, u16)>, usize)> {
    let mut out = Vec::new();
    let mut o = 10;
    loop {
        let flags = u16_at(g, o)?;
        let gid = u16_at(g, o + 2)?;
        out.push((o + 2, gid));
        o += 4 + if flags & ARG_WORDS != 0 { 4 } else { 2 };
        o += if flags & HAVE_SCALE != 0 {
            2
        } else if flags & HAVE_XY_SCALE != 0 {
            4
        } else if flags & HAVE_2X2 != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return Ok((out, o));
        }
    }
}

/// A glyph's data without its hinting instructions, components renumbered.
fn strip_glyph(g: &[u8], renumber: &BTreeMap<u16, u16>) -> Result<Vec<u8>> {
    if g.len() < 10 {
        return Ok(Vec::new());
    }
    let contours = u16_at(g, 0)? as i16;
    if contours >= 0 {
        let nc = contours as usize;
        let ilen_at = 10 + 2 * nc;
        let ilen = u16_at(g, ilen_at)? as usize;
        let mut out = g.get(..ilen_at).ok_or_else(|| bad("glyph"))?.to_vec();
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(g.get(ilen_at + 2 + ilen..).ok_or_else(|| bad("glyph"))?);
        return Ok(out);
    }
    let (comps, end) = components(g)?;
    let mut out = g.get(..end).ok_or_else(|| bad("glyph"))?.to_vec();
    let mut flag_at = 10;
    for (k, (at, gid)) in comps.iter().enumerate() {
        let new = renumber.get(gid).copied().unwrap_or(0);
        out[*at..*at + 2].copy_from_slice(&new.to_be_bytes());
        let flags = u16_at(&out, flag_at)? & !HAVE_INSTRUCTIONS;
        out[flag_at..flag_at + 2].copy_from_slice(&flags.to_be_bytes());
        if let Some((next, _)) = comps.get(k + 1) {
            flag_at = next - 2;
        }
    }
    Ok(out)
}

fn pad4(v: &mut Vec<u8>) {
    while !v.len().is_multiple_of(4) {
        v.push(0);
    }
}

fn checksum(d: &[u8]) -> u32 {
    d.chunks(4).fold(0u32, |acc, c| {
        let mut b = [0u8; 4];
        b[..c.len()].copy_from_slice(c);
        acc.wrapping_add(u32::from_be_bytes(b))
    })
}

/// The strings of name ids `ids` (Windows, Unicode BMP records).
fn name_strings(name: &[u8], ids: &[u16]) -> Result<BTreeMap<u16, String>> {
    let count = u16_at(name, 2)? as usize;
    let storage = u16_at(name, 4)? as usize;
    let mut out = BTreeMap::new();
    for i in 0..count {
        let r = 6 + 12 * i;
        let (platform, encoding, id) =
            (u16_at(name, r)?, u16_at(name, r + 2)?, u16_at(name, r + 6)?);
        if platform != 3 || encoding != 1 || !ids.contains(&id) || out.contains_key(&id) {
            continue;
        }
        let len = u16_at(name, r + 8)? as usize;
        let off = storage + u16_at(name, r + 10)? as usize;
        let raw = name.get(off..off + len).ok_or_else(|| bad("name record"))?;
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        out.insert(id, String::from_utf16_lossy(&units));
    }
    Ok(out)
}

fn name_table(strings: &BTreeMap<u16, String>) -> Vec<u8> {
    let mut records = Vec::new();
    let mut storage = Vec::new();
    for (id, s) in strings {
        let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        records.push((*id, bytes.len() as u16, storage.len() as u16));
        storage.extend(bytes);
    }
    let mut out = Vec::new();
    out.extend(0u16.to_be_bytes());
    out.extend((records.len() as u16).to_be_bytes());
    out.extend((6 + 12 * records.len() as u16).to_be_bytes());
    for (id, len, off) in records {
        for v in [3u16, 1, 0x0409, id, len, off] {
            out.extend(v.to_be_bytes());
        }
    }
    out.extend(storage);
    out
}

/// A format-4 `cmap` mapping each character to its new glyph.
fn cmap_table(map: &BTreeMap<u16, u16>) -> Vec<u8> {
    let mut segs: Vec<(u16, u16, u16)> = Vec::new(); // start, end, delta
    for (&c, &g) in map {
        let delta = g.wrapping_sub(c);
        match segs.last_mut() {
            Some((_, end, d)) if *end + 1 == c && *d == delta => *end = c,
            _ => segs.push((c, c, delta)),
        }
    }
    segs.push((0xFFFF, 0xFFFF, 1));
    let n = segs.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut sub = Vec::new();
    let len = 16 + 8 * n;
    for v in [4u16, len, 0, 2 * n, 2 * pow, log, 2 * n - 2 * pow] {
        sub.extend(v.to_be_bytes());
    }
    sub.extend(segs.iter().flat_map(|s| s.1.to_be_bytes()));
    sub.extend(0u16.to_be_bytes());
    sub.extend(segs.iter().flat_map(|s| s.0.to_be_bytes()));
    sub.extend(segs.iter().flat_map(|s| s.2.to_be_bytes()));
    sub.extend(segs.iter().flat_map(|_| 0u16.to_be_bytes()));
    let mut out = Vec::new();
    for v in [0u16, 1, 3, 1] {
        out.extend(v.to_be_bytes());
    }
    out.extend(12u32.to_be_bytes());
    out.extend(sub);
    out
}

/// Cuts the glyphs of `chars` (and `.notdef`) out of a TrueType font.
/// `family` names the subset (its `name` table); `bold` sets its style
/// name.
///
/// # Errors
/// The font is not a TrueType (`glyf`) font or a table is malformed.
///
/// ```
/// use colcrime::charts::style;
/// let font = style::font_bytes(false);
/// let sub = colcrime::charts::subset_font(font, &['R', 'o', 'b'].into(), "cc-test", false).unwrap();
/// assert!(sub.len() < font.len() / 20);
/// assert!(ab_glyph::FontRef::try_from_slice(&sub).is_ok());
/// ```
pub fn subset_font(
    font: &[u8],
    chars: &BTreeSet<char>,
    family: &str,
    bold: bool,
) -> Result<Vec<u8>> {
    let t = tables(font)?;
    let head = table(&t, b"head")?;
    let hhea = table(&t, b"hhea")?;
    let maxp = table(&t, b"maxp")?;
    let hmtx = table(&t, b"hmtx")?;
    let loca = table(&t, b"loca")?;
    let glyf = table(&t, b"glyf")?;
    let cmap_face = ab_glyph::FontRef::try_from_slice(font).map_err(|_| bad("unreadable font"))?;
    let long_loca = u16_at(head, 50)? == 1;
    let num_glyphs = u16_at(maxp, 4)?;
    let num_h = u16_at(hhea, 34)?.max(1);
    let glyph = |gid: u16| -> Result<&[u8]> {
        let (a, b) = if long_loca {
            (
                u32_at(loca, 4 * gid as usize)? as usize,
                u32_at(loca, 4 * gid as usize + 4)? as usize,
            )
        } else {
            (
                2 * u16_at(loca, 2 * gid as usize)? as usize,
                2 * u16_at(loca, 2 * gid as usize + 2)? as usize,
            )
        };
        glyf.get(a..b.max(a))
            .ok_or_else(|| bad("glyph outside glyf"))
    };
    // The glyphs: .notdef, each character's, and their components.
    let mut cmap: BTreeMap<u16, u16> = BTreeMap::new(); // char -> old gid
    let mut keep: BTreeSet<u16> = BTreeSet::from([0]);
    for &c in chars {
        let Ok(code) = u16::try_from(u32::from(c)) else {
            continue;
        };
        let gid = ab_glyph::Font::glyph_id(&cmap_face, c).0;
        if gid != 0 && gid < num_glyphs && code != 0xFFFF {
            cmap.insert(code, gid);
            keep.insert(gid);
        }
    }
    let mut todo: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = todo.pop() {
        let data = glyph(g)?;
        if data.len() >= 10 && (u16_at(data, 0)? as i16) < 0 {
            for (_, c) in components(data)?.0 {
                if c < num_glyphs && keep.insert(c) {
                    todo.push(c);
                }
            }
        }
    }
    let renumber: BTreeMap<u16, u16> = keep
        .iter()
        .enumerate()
        .map(|(i, &g)| (g, i as u16))
        .collect();
    let n = keep.len() as u16;

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::new();
    let mut new_hmtx = Vec::new();
    for &g in &keep {
        new_loca.extend((new_glyf.len() as u32).to_be_bytes());
        new_glyf.extend(strip_glyph(glyph(g)?, &renumber)?);
        pad4(&mut new_glyf);
        let (adv, lsb) = if g < num_h {
            (
                u16_at(hmtx, 4 * g as usize)?,
                u16_at(hmtx, 4 * g as usize + 2)?,
            )
        } else {
            (
                u16_at(hmtx, 4 * (num_h as usize - 1))?,
                u16_at(hmtx, 4 * num_h as usize + 2 * (g - num_h) as usize)?,
            )
        };
        new_hmtx.extend(adv.to_be_bytes());
        new_hmtx.extend(lsb.to_be_bytes());
    }
    new_loca.extend((new_glyf.len() as u32).to_be_bytes());

    let mut new_head = head.get(..54).ok_or_else(|| bad("head"))?.to_vec();
    new_head[8..12].copy_from_slice(&[0; 4]);
    new_head[50..52].copy_from_slice(&1u16.to_be_bytes());
    let mut new_hhea = hhea.get(..36).ok_or_else(|| bad("hhea"))?.to_vec();
    new_hhea[34..36].copy_from_slice(&n.to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp[4..6].copy_from_slice(&n.to_be_bytes());
    let mut new_post = table(&t, b"post")?
        .get(..32)
        .ok_or_else(|| bad("post"))?
        .to_vec();
    new_post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    new_post[16..32].copy_from_slice(&[0; 16]);
    let style = if bold { "Bold" } else { "Regular" };
    let mut names = name_strings(table(&t, b"name")?, &[0, 5, 13, 14])?;
    names.insert(1, family.to_string());
    names.insert(2, style.to_string());
    names.insert(3, format!("{family}-{style} subset"));
    names.insert(4, format!("{family} {style}"));
    names.insert(6, format!("{family}-{style}").replace(' ', ""));

    let char_map: BTreeMap<u16, u16> = cmap
        .iter()
        .map(|(c, g)| (*c, renumber.get(g).copied().unwrap_or(0)))
        .collect();
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"OS/2", table(&t, b"OS/2")?.to_vec()),
        (*b"cmap", cmap_table(&char_map)),
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"hhea", new_hhea),
        (*b"hmtx", new_hmtx),
        (*b"loca", new_loca),
        (*b"maxp", new_maxp),
        (*b"name", name_table(&names)),
        (*b"post", new_post),
    ];
    out_tables.sort_by_key(|a| a.0);
    Ok(assemble(out_tables))
}

/// Writes the table directory and the tables, with checksums and the
/// `head` checksum adjustment.
fn assemble(tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    for v in [n, 16 * pow, log, 16 * n - 16 * pow] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        let mut d = data.clone();
        pad4(&mut d);
        offset += d.len();
        body.extend(d);
    }
    out.extend(body);
    if let Some(h) = head_at {
        let adj = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[h + 8..h + 12].copy_from_slice(&adj.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ab_glyph::{Font, FontRef};

    #[test]
    fn subset_keeps_advances_and_outlines() {
        for bold in [false, true] {
            let font = crate::charts::style::font_bytes(bold);
            let text = "Robbery fell in 31 of 32 boroughs, 2019–2024 (AV, To, Ty)";
            let chars: BTreeSet<char> = text.chars().collect();
            let sub = subset_font(font, &chars, "cc-test", bold).unwrap();
            let a = FontRef::try_from_slice(font).unwrap();
            let b = FontRef::try_from_slice(&sub).unwrap();
            for c in text.chars() {
                let (ga, gb) = (a.glyph_id(c), b.glyph_id(c));
                assert_ne!(gb.0, 0, "{c} kept");
                assert_eq!(a.h_advance_unscaled(ga), b.h_advance_unscaled(gb), "{c}");
                assert_eq!(
                    a.outline(ga).map(|o| o.curves.len()),
                    b.outline(gb).map(|o| o.curves.len())
                );
            }
            assert_eq!(
                b.kern_unscaled(b.glyph_id('A'), b.glyph_id('V')),
                0.0,
                "no kerning"
            );
            assert_eq!(b.glyph_id('Z').0, 0, "unused glyphs are dropped");
            assert!(sub.len() < 12_000, "{} bytes", sub.len());
            // Whole-file checksum is the magic number.
            assert_eq!(checksum(&sub), 0xB1B0_AFBA);
        }
    }
}
