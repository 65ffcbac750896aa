//! `aws.partition`: which AWS partition a region belongs to.

use super::{EndpointError, Literal, Partition, Value};
use std::collections::BTreeMap;

/// The outputs of the partition of `region` (`name`, `dnsSuffix`, `dualStackDnsSuffix`,
/// `supportsFIPS`, `supportsDualStack`, ...), as a record.
///
/// A region a partition lists by name belongs to it (with the region's own overrides);
/// otherwise the first partition whose region regex matches; otherwise the `aws` partition,
/// as in the AWS SDKs, so that a region newer than the table still resolves.
pub(super) fn partition(
    partitions: &'static [Partition],
    region: &str,
) -> Result<Option<Value>, EndpointError> {
    for partition in partitions {
        if partition.regions.contains(&region) {
            let overrides = partition
                .region_overrides
                .iter()
                .find(|(name, _)| *name == region)
                .map_or(&[][..], |(_, overrides)| overrides);
            return Ok(Some(outputs(partition, overrides)));
        }
    }
    for partition in partitions {
        let regex = regex_lite::Regex::new(partition.region_regex).map_err(|error| {
            EndpointError::InvalidRegionRegex {
                partition: partition.id,
                reason: error.to_string(),
            }
        })?;
        if regex.is_match(region) {
            return Ok(Some(outputs(partition, &[])));
        }
    }
    Ok(partitions
        .iter()
        .find(|partition| partition.id == "aws")
        .map(|aws| outputs(aws, &[])))
}

fn outputs(partition: &Partition, overrides: &[(&str, Literal)]) -> Value {
    let mut record = BTreeMap::from([("name".to_owned(), Value::from(partition.id))]);
    for (key, value) in partition.outputs.iter().chain(overrides) {
        record.insert((*key).to_owned(), Value::from(*value));
    }
    Value::Record(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AWS_OUTPUTS: &[(&str, Literal)] = &[
        ("dnsSuffix", Literal::String("amazonaws.com")),
        ("supportsFIPS", Literal::Boolean(true)),
    ];

    static PARTITIONS: &[Partition] = &[
        Partition {
            id: "aws",
            region_regex: r"^(us|eu)\-\w+\-\d+$",
            regions: &["aws-global", "us-east-1"],
            outputs: AWS_OUTPUTS,
            region_overrides: &[("aws-global", &[("supportsFIPS", Literal::Boolean(false))])],
        },
        Partition {
            id: "aws-cn",
            region_regex: r"^cn\-\w+\-\d+$",
            regions: &["cn-north-1"],
            outputs: &[("dnsSuffix", Literal::String("amazonaws.com.cn"))],
            region_overrides: &[],
        },
        Partition {
            id: "aws-us-gov",
            region_regex: r"^us\-gov\-\w+\-\d+$",
            regions: &["us-gov-west-1", "us-special-1"],
            outputs: &[("dnsSuffix", Literal::String("amazonaws.com"))],
            region_overrides: &[],
        },
    ];

    fn attr(region: &str, key: &str) -> Option<Value> {
        let found = partition(PARTITIONS, region).unwrap()?;
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
    fn a_bad_regex_is_an_error_and_no_aws_partition_gives_nothing() {
        static BROKEN: &[Partition] = &[Partition {
            id: "broken",
            region_regex: "^(unclosed",
            regions: &[],
            outputs: &[],
            region_overrides: &[],
        }];
        assert!(matches!(
            partition(BROKEN, "us-east-1"),
            Err(EndpointError::InvalidRegionRegex {
                partition: "broken",
                ..
            })
        ));
        static ONLY_CN: &[Partition] = &[Partition {
            id: "aws-cn",
            region_regex: r"^cn\-\w+\-\d+$",
            regions: &[],
            outputs: &[],
            region_overrides: &[],
        }];
        assert_eq!(partition(ONLY_CN, "us-east-1"), Ok(None));
    }
}
