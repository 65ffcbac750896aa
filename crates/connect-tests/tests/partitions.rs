//! The partition table's region patterns, as the generator reads them from each partition's
//! `regionRegex`, match exactly the names that the regex itself matches with a regex engine
//! (`regex-lite`): every listed region, names made from them, and random strings.

use connect_sdk::endpoint::PARTITIONS;
use serde_json::Value;

const TABLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/models/partitions.json"
);

/// Each partition's id and regex, from the pinned table.
fn regexes() -> Vec<(String, regex_lite::Regex)> {
    let table: Value = serde_json::from_slice(&std::fs::read(TABLE).expect(TABLE)).unwrap();
    table["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|partition| {
            let regex = partition["regionRegex"].as_str().unwrap();
            (
                partition["id"].as_str().unwrap().to_owned(),
                regex_lite::Regex::new(regex).unwrap(),
            )
        })
        .collect()
}

/// Listed regions and names near them: cut short, extended, with another separator, in upper
/// case, with the other partitions' prefixes.
fn near_names() -> Vec<String> {
    let listed: Vec<&str> = PARTITIONS
        .iter()
        .flat_map(|partition| partition.regions.iter().copied())
        .collect();
    let mut names = vec![
        String::new(),
        "-".into(),
        "us--1".into(),
        "us-éast-1".into(),
    ];
    for region in &listed {
        names.extend([
            (*region).to_owned(),
            format!("{region}x"),
            format!("{region}-"),
            format!("{region}-1"),
            format!("x{region}"),
            region[..region.len() - 1].to_owned(),
            region.replace('-', "_"),
            region.to_uppercase(),
        ]);
        for prefix in [
            "us-iso-", "us-isob-", "eu-isoe-", "us-gov-", "eusc-de-", "eusc-fr-",
        ] {
            if let Some((_, rest)) = region.split_once('-') {
                names.push(format!("{prefix}{rest}"));
            }
        }
    }
    names
}

/// Random strings over the letters region names are made of (a fixed-seed generator: the
/// same strings on every run).
fn random_names() -> Vec<String> {
    const ALPHABET: &[char] = &[
        'u', 's', 'e', 'a', 't', 'c', 'n', 'g', 'o', 'v', 'i', 'b', 'd', 'f', '-', '_', '1', '2',
        'é',
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % bound
    };
    (0..20_000)
        .map(|_| {
            let length = next(14);
            (0..length)
                .map(|_| ALPHABET[next(ALPHABET.len())])
                .collect()
        })
        .collect()
}

#[test]
fn region_patterns_match_what_the_regexes_match() {
    let regexes = regexes();
    assert_eq!(regexes.len(), PARTITIONS.len());
    let names: Vec<String> = near_names().into_iter().chain(random_names()).collect();
    let mut matched = 0;
    for partition in PARTITIONS {
        let (_, regex) = regexes
            .iter()
            .find(|(id, _)| id == partition.id)
            .unwrap_or_else(|| panic!("partition {} is not in the table", partition.id));
        for name in &names {
            let expected = regex.is_match(name);
            assert_eq!(
                partition.region_pattern.matches(name),
                expected,
                "partition {} and {name:?}",
                partition.id
            );
            matched += usize::from(expected);
        }
    }
    // The corpus reaches both answers in earnest.
    assert!(matched > 200, "{matched} matches");
}
