//! An omröstning in the content model: the counts the protocol prints and, where it prints
//! them (a voteringslista, `Ja-röster: …`), how each member voted.
//!
//! ```yaml
//! votes:
//! - question: Ja-röst för kommunstyrelsens förslag, nej-röst för återremiss.
//!   yes_for: kommunstyrelsens förslag
//!   no_for: återremiss
//!   yes: 2
//!   no: 1
//!   result: Fullmäktige har beslutat enligt kommunstyrelsens förslag.
//!   ballots:
//!   - {by: Anna Berg (S), vote: yes}
//!   - {by: Olle Ek (M), vote: no}
//!   - {by: Eva Lund (S), vote: yes}
//!   - {by: Per Sund (SD), vote: absent}
//! ```
//!
//! Counts stay the printed ones: a ballot list that does not add up to them is a doubt to
//! check against the original, not a reason to change what the protocol says.

use serde::{Deserialize, Serialize};

/// An omröstning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// What a Ja stood for, as printed (`kommunstyrelsens förslag`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yes_for: Option<String>,
    /// What a Nej stood for, as printed (`återremiss`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_for: Option<String>,
    pub yes: u32,
    pub no: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub abstained: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// How each member voted, where the protocol names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ballots: Vec<Ballot>,
}

/// One member's vote: `{by: Anna Berg (S), vote: yes}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// The person as printed, `Name (P)`.
    pub by: String,
    pub vote: Choice,
}

/// Ja, Nej, Avstår, or Frånvarande (listed, but not voting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    Yes,
    No,
    Abstain,
    Absent,
}

impl Choice {
    pub const ALL: [Choice; 4] = [Choice::Yes, Choice::No, Choice::Abstain, Choice::Absent];

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::No => "no",
            Choice::Abstain => "abstain",
            Choice::Absent => "absent",
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Vote {
    /// A vote known only from its counts.
    pub fn counted(yes: u32, no: u32, abstained: u32) -> Vote {
        Vote {
            question: None,
            yes_for: None,
            no_for: None,
            yes,
            no,
            abstained,
            result: None,
            ballots: Vec::new(),
        }
    }

    /// Ja, Nej and Avstår as the ballots add them up.
    pub fn tally(&self) -> (u32, u32, u32) {
        let n = |c: Choice| self.ballots.iter().filter(|b| b.vote == c).count() as u32;
        (n(Choice::Yes), n(Choice::No), n(Choice::Abstain))
    }

    /// True when ballots are printed and do not add up to the printed counts.
    pub fn disagrees(&self) -> bool {
        !self.ballots.is_empty() && self.tally() != (self.yes, self.no, self.abstained)
    }

    /// Who voted, as printed.
    pub fn voters(&self) -> impl Iterator<Item = &str> {
        self.ballots.iter().map(|b| b.by.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Result<Vote, crate::diag::Diagnostic> {
        crate::content::frontmatter::deserialize_file(std::path::Path::new("t.yaml"), text)
    }

    #[test]
    fn counts_only_still_reads_and_writes_without_ballots() {
        let v = yaml("yes: 31\nno: 30\n").unwrap();
        assert_eq!(v, Vote::counted(31, 30, 0));
        assert_eq!(
            crate::content::frontmatter::to_yaml(&v),
            "yes: 31\nno: 30\n"
        );
    }

    #[test]
    fn ballots_tally_and_disagreement() {
        let v = yaml(
            "yes: 2\nno: 1\nballots:\n- {by: A B (S), vote: yes}\n- {by: C D (M), vote: no}\n\
             - {by: E F (S), vote: absent}\n",
        )
        .unwrap();
        assert_eq!(v.tally(), (1, 1, 0));
        assert!(v.disagrees());
        assert!(!Vote::counted(2, 1, 0).disagrees());
        assert!(yaml("yes: 1\nno: 0\nballots:\n- {by: A (S), vote: maybe}\n").is_err());
        assert!(yaml("yes: 1\nno: 0\nballots:\n- {by: A (S), vote: yes, x: 1}\n").is_err());
    }
}
