//! The London borough of each ward in a Met ward file.
//!
//! The file's `LookUp_BoroughName` is the Met's policing unit, which is the
//! borough for almost every ward; a ward policed by a specialist unit is
//! published under that unit instead (Heathrow Villages, `E05013570`, under
//! `Aviation Security (SO18)` in the 2024-2026 file, though it is a
//! Hillingdon ward). Such a ward is given its local authority from its ONS
//! code: at each ward review ONS numbers a borough's wards in one
//! consecutive block of `E05` codes, so a ward whose nearest codes below and
//! above (among the file's wards) belong to the same borough belongs to it
//! too. The Census 2021 ward file names wards but not their borough, so
//! the code is the lookup. A ward whose neighbours disagree (at the edge of
//! a block) keeps the published label, and the mapping says so.
//!
//! ```
//! use colcrime::sources::ward_borough::{ward_boroughs, is_london_borough};
//! use colcrime::sources::met_ward::parse_ward_bytes;
//! let csv = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501\n\
//! ROBBERY,X,Hayes Town,E05013569,Hillingdon,1\n\
//! ROBBERY,X,Heathrow Villages,E05013570,Aviation Security (SO18),2\n\
//! ROBBERY,X,Hillingdon East,E05013571,Hillingdon,3\n";
//! let t = parse_ward_bytes("w.csv", csv.as_bytes()).unwrap();
//! let m = ward_boroughs(&t);
//! assert_eq!(m.borough("E05013570"), Some("Hillingdon"));
//! assert_eq!(m.relabelled[0].published, "Aviation Security (SO18)");
//! assert!(is_london_borough("Hillingdon") && !is_london_borough("Aviation Security (SO18)"));
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use super::met_ward::WardTable;

/// The 32 London boroughs and the City of London, as the Met files spell
/// them.
pub const LONDON_BOROUGHS: [&str; 33] = [
    "Barking and Dagenham",
    "Barnet",
    "Bexley",
    "Brent",
    "Bromley",
    "Camden",
    "City of London",
    "Croydon",
    "Ealing",
    "Enfield",
    "Greenwich",
    "Hackney",
    "Hammersmith and Fulham",
    "Haringey",
    "Harrow",
    "Havering",
    "Hillingdon",
    "Hounslow",
    "Islington",
    "Kensington and Chelsea",
    "Kingston upon Thames",
    "Lambeth",
    "Lewisham",
    "Merton",
    "Newham",
    "Redbridge",
    "Richmond upon Thames",
    "Southwark",
    "Sutton",
    "Tower Hamlets",
    "Waltham Forest",
    "Wandsworth",
    "Westminster",
];

/// Whether a name is a London borough (or the City), ignoring case and
/// runs of spaces.
///
/// ```
/// assert!(colcrime::sources::ward_borough::is_london_borough("kingston  upon thames"));
/// assert!(!colcrime::sources::ward_borough::is_london_borough("Unknown"));
/// ```
pub fn is_london_borough(name: &str) -> bool {
    let norm = name.split_whitespace().collect::<Vec<_>>().join(" ");
    LONDON_BOROUGHS
        .iter()
        .any(|b| b.eq_ignore_ascii_case(&norm))
}

/// A ward published under a name that is not a borough, and what it was
/// given.
///
/// ```
/// use colcrime::sources::ward_borough::Relabel;
/// let r = Relabel { ward_code: "E05013570".into(), ward: "Heathrow Villages".into(),
///     published: "Aviation Security (SO18)".into(), borough: Some("Hillingdon".into()) };
/// assert_eq!(r.label(), "Hillingdon");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relabel {
    /// ONS ward code.
    pub ward_code: String,
    /// Ward name.
    pub ward: String,
    /// The `LookUp_BoroughName` the file gives.
    pub published: String,
    /// The borough its code places it in; `None` when the neighbouring
    /// codes disagree (the published label is then kept).
    pub borough: Option<String>,
}

impl Relabel {
    /// The label used: the borough, or else the published name.
    ///
    /// ```
    /// use colcrime::sources::ward_borough::Relabel;
    /// let r = Relabel { ward_code: "E05".into(), ward: "W".into(), published: "Unit".into(), borough: None };
    /// assert_eq!(r.label(), "Unit");
    /// ```
    pub fn label(&self) -> &str {
        self.borough.as_deref().unwrap_or(&self.published)
    }

    /// The mapping in a sentence, for the data notes.
    ///
    /// ```
    /// use colcrime::sources::ward_borough::Relabel;
    /// let r = Relabel { ward_code: "E05013570".into(), ward: "Heathrow Villages".into(),
    ///     published: "Aviation Security (SO18)".into(), borough: Some("Hillingdon".into()) };
    /// assert!(r.sentence().starts_with("Heathrow Villages (E05013570) is published under \"Aviation Security (SO18)\""));
    /// ```
    pub fn sentence(&self) -> String {
        match &self.borough {
            Some(b) => format!(
                "{} ({}) is published under \"{}\", a Metropolitan Police unit rather than a borough; it is shown in {b}, the borough of the wards whose codes come just before and after its own (ONS numbers each borough's wards in one consecutive block of codes)",
                self.ward, self.ward_code, self.published
            ),
            None => format!(
                "{} ({}) is published under \"{}\", which is not a borough, and the wards whose codes come just before and after its own lie in different boroughs; it keeps that label",
                self.ward, self.ward_code, self.published
            ),
        }
    }
}

/// Every ward's borough in a ward file, by code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WardBoroughs {
    /// Ward code -> the borough (or, for an unmapped ward, the published label).
    pub by_code: BTreeMap<String, String>,
    /// The wards whose published label is not a borough, in code order.
    pub relabelled: Vec<Relabel>,
}

impl WardBoroughs {
    /// The borough of a ward code, if the file has the ward.
    ///
    /// ```
    /// let m = colcrime::sources::ward_borough::WardBoroughs::default();
    /// assert_eq!(m.borough("E05000001"), None);
    /// ```
    pub fn borough(&self, code: &str) -> Option<&str> {
        self.by_code.get(code).map(String::as_str)
    }
}

/// The borough of every ward code in `t`: the published name where it is a
/// London borough (the first such row of the ward), otherwise the borough
/// of the nearest codes below and above when they agree (see the module
/// documentation).
///
/// ```
/// use colcrime::sources::met_ward::parse_ward_bytes;
/// use colcrime::sources::ward_borough::ward_boroughs;
/// // The neighbours disagree: the published label stays, and is reported.
/// let csv = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501\n\
/// ROBBERY,X,A,E05000001,Camden,1\nROBBERY,X,B,E05000002,Unit,1\nROBBERY,X,C,E05000003,Barnet,1\n";
/// let m = ward_boroughs(&parse_ward_bytes("w.csv", csv.as_bytes()).unwrap());
/// assert_eq!(m.borough("E05000002"), Some("Unit"));
/// assert_eq!(m.relabelled[0].borough, None);
/// ```
pub fn ward_boroughs(t: &WardTable) -> WardBoroughs {
    // Per code: the first London borough it is published under, else the
    // first label and name met.
    let mut known: BTreeMap<&str, &str> = BTreeMap::new();
    let mut other: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for r in &t.rows {
        if is_london_borough(&r.borough) {
            known.entry(&r.ward_code).or_insert(&r.borough);
        } else {
            other.entry(&r.ward_code).or_insert((&r.borough, &r.ward));
        }
    }
    let mut out = WardBoroughs::default();
    for (code, b) in &known {
        out.by_code.insert((*code).to_string(), (*b).to_string());
    }
    for (code, (published, ward)) in other {
        if known.contains_key(code) {
            continue;
        }
        let below = known.range(..code).next_back().map(|(_, b)| *b);
        let above = known
            .range::<&str, _>((std::ops::Bound::Excluded(code), std::ops::Bound::Unbounded))
            .next()
            .map(|(_, b)| *b);
        let borough = match (below, above) {
            (Some(a), Some(b)) if a == b => Some(a.to_string()),
            _ => None,
        };
        let r = Relabel {
            ward_code: code.to_string(),
            ward: ward.to_string(),
            published: published.to_string(),
            borough,
        };
        out.by_code.insert(code.to_string(), r.label().to_string());
        out.relabelled.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::met_ward::parse_ward_bytes;

    #[test]
    fn a_ward_published_under_both_keeps_its_borough() {
        let csv = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501\n\
ROBBERY,X,H,E05000002,Aviation Security (SO18),1\nTHEFT,X,H,E05000002,Hillingdon,1\n";
        let m = ward_boroughs(&parse_ward_bytes("w.csv", csv.as_bytes()).unwrap());
        assert_eq!(m.borough("E05000002"), Some("Hillingdon"));
        assert!(m.relabelled.is_empty());
    }

    #[test]
    fn a_ward_at_the_end_of_the_codes_is_not_guessed() {
        let csv = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501\n\
ROBBERY,X,A,E05000001,Camden,1\nROBBERY,X,B,E05000009,Unit,1\n";
        let m = ward_boroughs(&parse_ward_bytes("w.csv", csv.as_bytes()).unwrap());
        assert_eq!(m.borough("E05000009"), Some("Unit"));
        assert_eq!(m.relabelled.len(), 1);
        assert!(m.relabelled[0].sentence().contains("keeps that label"));
    }
}
