//! `aws.partition`: which AWS partition a region belongs to.

use super::{Literal, Partition, RegionPattern, RegionPiece, Value};
use crate::sorted_map::SortedMap;

/// The outputs of the partition of `region` (`name`, `dnsSuffix`, `dualStackDnsSuffix`,
/// `supportsFIPS`, `supportsDualStack`, ...), as a record.
///
/// A region a partition lists by name belongs to it (with the region's own overrides);
/// otherwise the first partition whose region regex matches; otherwise the `aws` partition,
/// as in the AWS SDKs, so that a region newer than the table still resolves.
pub(super) fn partition(partitions: &'static [Partition], region: &str) -> Option<Value> {
    for partition in partitions {
        if partition.regions.contains(&region) {
            let overrides = partition
                .region_overrides
                .iter()
                .find(|(name, _)| *name == region)
                .map_or(&[][..], |(_, overrides)| overrides);
            return Some(outputs(partition, overrides));
        }
    }
    if let Some(matched) = partitions
        .iter()
        .find(|partition| partition.region_pattern.matches(region))
    {
        return Some(outputs(matched, &[]));
    }
    partitions
        .iter()
        .find(|partition| partition.id == "aws")
        .map(|aws| outputs(aws, &[]))
}

impl RegionPattern {
    /// Whether the whole of `region` matches the pattern.
    pub fn matches(&self, region: &str) -> bool {
        matches_from(self.0, region.as_bytes())
    }
}

/// Whether `pieces` match the whole of `text`, trying every length of each run (a `\w+` may
/// give back characters that a later piece needs).
fn matches_from(pieces: &[RegionPiece], text: &[u8]) -> bool {
    let Some((piece, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    let run = |class: fn(&u8) -> bool| {
        let longest = text.iter().take_while(|byte| class(byte)).count();
        (1..=longest)
            .rev()
            .any(|length| matches_from(rest, &text[length..]))
    };
    match piece {
        RegionPiece::OneOf(texts) => texts.iter().any(|option| {
            text.strip_prefix(option.as_bytes())
                .is_some_and(|after| matches_from(rest, after))
        }),
        RegionPiece::Word => run(|byte| byte.is_ascii_alphanumeric() || *byte == b'_'),
        RegionPiece::Digits => run(u8::is_ascii_digit),
    }
}

fn outputs(partition: &Partition, overrides: &[(&str, Literal)]) -> Value {
    let mut record = SortedMap::from([("name".to_owned(), Value::from(partition.id))]);
    for (key, value) in partition.outputs.iter().chain(overrides) {
        record.insert((*key).to_owned(), Value::from(*value));
    }
    Value::Record(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RegionPiece::{Digits, OneOf, Word};

    const AWS_OUTPUTS: &[(&str, Literal)] = &[
        ("dnsSuffix", Literal::String("amazonaws.com")),
        ("supportsFIPS", Literal::Boolean(true)),
    ];

    static PARTITIONS: &[Partition] = &[
        Partition {
            id: "aws",
            // ^(us|eu)\-\w+\-\d+$
            region_pattern: RegionPattern(&[
                OneOf(&["us", "eu"]),
                OneOf(&["-"]),
                Word,
                OneOf(&["-"]),
                Digits,
            ]),
            regions: &["aws-global", "us-east-1"],
            outputs: AWS_OUTPUTS,
            region_overrides: &[("aws-global", &[("supportsFIPS", Literal::Boolean(false))])],
        },
        Partition {
            id: "aws-cn",
            // ^cn\-\w+\-\d+$
            region_pattern: RegionPattern(&[OneOf(&["cn-"]), Word, OneOf(&["-"]), Digits]),
            regions: &["cn-north-1"],
            outputs: &[("dnsSuffix", Literal::String("amazonaws.com.cn"))],
            region_overrides: &[],
        },
        Partition {
            id: "aws-us-gov",
            // ^us\-gov\-\w+\-\d+$
            region_pattern: RegionPattern(&[OneOf(&["us-gov-"]), Word, OneOf(&["-"]), Digits]),
            regions: &["us-gov-west-1", "us-special-1"],
            outputs: &[("dnsSuffix", Literal::String("amazonaws.com"))],
            region_overrides: &[],
        },
    ];

    fn attr(region: &str, key: &str) -> Option<Value> {
        let found = partition(PARTITIONS, region)?;
        found.as_record()?.get(key).cloned()
    }

    #[test]
    fn listed_regions_then_regexes_then_aws() {
        // Listed by name: no regex matches it.
        assert_eq!(attr("aws-global", "name"), Some(Value::from("aws")));
        // Listed by aws-us-gov, matched by the regex of aws, which comes first: the list wins.
        assert_eq!(
            attr("us-special-1", "name"),
            Some(Value::from("aws-us-gov"))
        );
        assert_eq!(attr("cn-north-1", "name"), Some(Value::from("aws-cn")));
        // Not listed: found by regex.
        assert_eq!(attr("cn-northwest-9", "name"), Some(Value::from("aws-cn")));
        assert_eq!(
            attr("cn-northwest-9", "dnsSuffix"),
            Some(Value::from("amazonaws.com.cn"))
        );
        assert_eq!(
            attr("us-gov-west-1", "name"),
            Some(Value::from("aws-us-gov"))
        );
        assert_eq!(
            attr("us-gov-east-1", "name"),
            Some(Value::from("aws-us-gov"))
        );
        assert_eq!(attr("eu-south-7", "name"), Some(Value::from("aws")));
        // Unknown shapes of region fall back to aws.
        assert_eq!(attr("mars-central-1", "name"), Some(Value::from("aws")));
        assert_eq!(
            attr("mars-central-1", "supportsFIPS"),
            Some(Value::from(true))
        );
    }

    #[test]
    fn region_overrides_apply_to_that_region_only() {
        assert_eq!(attr("aws-global", "supportsFIPS"), Some(Value::from(false)));
        assert_eq!(attr("us-east-1", "supportsFIPS"), Some(Value::from(true)));
    }

    #[test]
    fn runs_give_back_what_later_pieces_need() {
        // ^\w+_east\d+$: the word run must stop before `_east`.
        let pattern = RegionPattern(&[Word, OneOf(&["_east"]), Digits]);
        assert!(pattern.matches("us_east1"));
        assert!(pattern.matches("a_b_east12"));
        assert!(!pattern.matches("_east1"));
        assert!(!pattern.matches("us_east"));
        assert!(!pattern.matches("us_east1-"));
        assert!(!pattern.matches(""));
        // Alternatives that are prefixes of each other are all tried.
        let pattern = RegionPattern(&[OneOf(&["us", "us-iso"]), OneOf(&["-"]), Digits]);
        assert!(pattern.matches("us-iso-1"));
        assert!(pattern.matches("us-1"));
        // `\w` is ASCII only, as in the table's regex dialect.
        assert!(!RegionPattern(&[Word]).matches("é"));
    }

    #[test]
    fn no_aws_partition_gives_nothing() {
        static ONLY_CN: &[Partition] = &[Partition {
            id: "aws-cn",
            region_pattern: RegionPattern(&[OneOf(&["cn-"]), Word, OneOf(&["-"]), Digits]),
            regions: &[],
            outputs: &[],
            region_overrides: &[],
        }];
        assert_eq!(partition(ONLY_CN, "us-east-1"), None);
    }
}
