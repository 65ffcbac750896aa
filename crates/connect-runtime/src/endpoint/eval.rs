//! Walking a rule set: parameters, scopes, conditions, templates and outcomes.

use super::{
    functions, Condition, Endpoint, EndpointError, EndpointSpec, Expr, Outcome, Params, Resolver,
    Rule, Value,
};
use crate::sorted_map::SortedMap;

/// What a list of rules came to.
enum Found {
    Endpoint(Endpoint),
    Error(String),
    Nothing,
}

/// The values in scope: the parameters that are set, then the names assigned by conditions of
/// the rules being evaluated, innermost last.
pub(super) struct Scope<'r> {
    resolver: &'r Resolver,
    values: Vec<(&'r str, Value)>,
}

impl<'r> Scope<'r> {
    /// The AWS partition table of the resolver.
    pub(super) fn partitions(&self) -> &'static [super::Partition] {
        self.resolver.partitions
    }

    fn lookup(&self, name: &str) -> Result<Option<&Value>, EndpointError> {
        if let Some((_, value)) = self.values.iter().rev().find(|(bound, _)| *bound == name) {
            return Ok(Some(value));
        }
        let declared = self.resolver.rule_set.parameters.iter();
        if declared.clone().any(|parameter| parameter.name == name) {
            return Ok(None);
        }
        Err(EndpointError::UnboundReference(name.to_owned()))
    }
}

pub(super) fn resolve(resolver: &Resolver, params: &Params) -> Result<Endpoint, EndpointError> {
    let parameters = resolver.rule_set.parameters;
    if let Some(unknown) = params
        .values
        .keys()
        .find(|name| !parameters.iter().any(|parameter| parameter.name == *name))
    {
        return Err(EndpointError::UnknownParameter(unknown.to_owned()));
    }
    let mut scope = Scope {
        resolver,
        values: Vec::new(),
    };
    for parameter in parameters {
        let value = params
            .get(parameter.name)
            .cloned()
            .or_else(|| parameter.default.map(Value::from));
        match value {
            Some(value) if !parameter.kind.admits(&value) => {
                return Err(EndpointError::InvalidParameter {
                    name: parameter.name.to_owned(),
                    expected: parameter.kind.name(),
                })
            }
            Some(value) => scope.values.push((parameter.name, value)),
            None if parameter.required => {
                return Err(EndpointError::MissingParameter(parameter.name))
            }
            None => {}
        }
    }
    match rules(resolver.rule_set.rules, &mut scope)? {
        Found::Endpoint(endpoint) => Ok(endpoint),
        Found::Error(message) => Err(EndpointError::Rule(message)),
        Found::Nothing => Err(EndpointError::NoRuleMatched),
    }
}

fn rules(rules: &'static [Rule], scope: &mut Scope) -> Result<Found, EndpointError> {
    for rule in rules {
        let depth = scope.values.len();
        let found = self::rule(rule, scope);
        scope.values.truncate(depth);
        match found? {
            Found::Nothing => continue,
            found => return Ok(found),
        }
    }
    Ok(Found::Nothing)
}

fn rule(rule: &'static Rule, scope: &mut Scope) -> Result<Found, EndpointError> {
    for condition in rule.conditions {
        if !self::condition(condition, scope)? {
            return Ok(Found::Nothing);
        }
    }
    match &rule.outcome {
        Outcome::Endpoint(spec) => endpoint(spec, scope).map(Found::Endpoint),
        Outcome::Error(message) => string(message, scope, "error message").map(Found::Error),
        // A tree whose conditions hold is final: if none of its rules matches, resolution
        // fails rather than going on with the rules after the tree.
        Outcome::Tree(inner) => match rules(inner, scope)? {
            Found::Nothing => Err(EndpointError::NoRuleMatched),
            found => Ok(found),
        },
    }
}

/// Whether `condition` holds (its result is set and not `false`); binds the result if the
/// condition assigns it.
fn condition(condition: &'static Condition, scope: &mut Scope) -> Result<bool, EndpointError> {
    let result = call(condition.function, condition.args, scope)?;
    match result {
        None | Some(Value::Boolean(false)) => Ok(false),
        Some(value) => {
            if let Some(name) = condition.assign {
                scope.values.push((name, value));
            }
            Ok(true)
        }
    }
}

fn endpoint(spec: &'static EndpointSpec, scope: &Scope) -> Result<Endpoint, EndpointError> {
    let url = string(&spec.url, scope, "URL")?;
    let mut properties = SortedMap::new();
    for (name, value) in spec.properties {
        properties.insert((*name).to_owned(), set(value, scope, "property")?);
    }
    let mut headers = SortedMap::new();
    for (name, values) in spec.headers {
        let values = values
            .iter()
            .map(|value| string(value, scope, "header value"))
            .collect::<Result<Vec<_>, _>>()?;
        headers.insert((*name).to_owned(), values);
    }
    Ok(Endpoint {
        url,
        headers,
        properties,
    })
}

/// Evaluates `expr`, which must give a string (`what` names it in the error).
fn string(expr: &'static Expr, scope: &Scope, what: &'static str) -> Result<String, EndpointError> {
    match evaluate(expr, scope)? {
        Some(Value::String(text)) => Ok(text),
        _ => Err(EndpointError::NotAString(what)),
    }
}

/// Evaluates `expr`, which must give a value.
fn set(expr: &'static Expr, scope: &Scope, what: &'static str) -> Result<Value, EndpointError> {
    evaluate(expr, scope)?.ok_or(EndpointError::UnsetValue(what))
}

/// The value of `expr`, or `None` when it is unset (an unset parameter, a function that gives
/// nothing).
pub(super) fn evaluate(expr: &'static Expr, scope: &Scope) -> Result<Option<Value>, EndpointError> {
    Ok(Some(match expr {
        Expr::String(template) => Value::String(expand(template, scope)?),
        Expr::Boolean(value) => Value::Boolean(*value),
        Expr::Integer(value) => Value::Integer(*value),
        Expr::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| set(item, scope, "array item"))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Record(members) => Value::Record(
            members
                .iter()
                .map(|(name, value)| Ok(((*name).to_owned(), set(value, scope, "record member")?)))
                .collect::<Result<_, EndpointError>>()?,
        ),
        Expr::Ref(name) => return Ok(scope.lookup(name)?.cloned()),
        Expr::Call { function, args } => return call(function, args, scope),
    }))
}

/// Calls `function` with its arguments evaluated in `scope`.
fn call(
    function: &'static str,
    args: &'static [Expr],
    scope: &Scope,
) -> Result<Option<Value>, EndpointError> {
    let values = args
        .iter()
        .map(|arg| evaluate(arg, scope))
        .collect::<Result<Vec<_>, _>>()?;
    functions::call(function, values, scope.partitions())
}

/// Expands a template string: `{Name}` is the string value of `Name`, `{Name#path}` the
/// string at `path` inside it (as `getAttr`), `{{` and `}}` are literal braces.
fn expand(template: &'static str, scope: &Scope) -> Result<String, EndpointError> {
    let invalid = |reason: String| EndpointError::InvalidTemplate { template, reason };
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('}') {
            return Err(invalid(
                "a `}` closes nothing (write `}}` for a brace)".into(),
            ));
        }
        let end = tail
            .find('}')
            .ok_or_else(|| invalid("a `{` is not closed".into()))?;
        let inner = &tail[1..end];
        let (name, path) = match inner.split_once('#') {
            Some((name, path)) => (name, Some(path)),
            None => (inner, None),
        };
        if name.is_empty() || name.contains('{') {
            return Err(invalid(format!("`{{{inner}}}` names no value")));
        }
        let value = scope
            .lookup(name)?
            .ok_or_else(|| invalid(format!("`{name}` is not set")))?;
        let value = match path {
            Some(path) => functions::get_attr(value, path)
                .map_err(|reason| invalid(reason.to_owned()))?
                .ok_or_else(|| invalid(format!("`{inner}` is not set")))?,
            None => value,
        };
        match value {
            Value::String(text) => out.push_str(text),
            other => return Err(invalid(format!("`{inner}` is {}", other.kind()))),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::{Literal, Outcome, Parameter, ParameterType, Partition, RuleSet};
    use super::*;

    static PARAMETERS: &[Parameter] = &[
        Parameter {
            name: "Region",
            kind: ParameterType::String,
            built_in: Some("AWS::Region"),
            required: false,
            default: None,
        },
        Parameter {
            name: "Flag",
            kind: ParameterType::Boolean,
            built_in: None,
            required: true,
            default: Some(Literal::Boolean(false)),
        },
    ];

    static EMPTY: RuleSet = RuleSet {
        version: "1.0",
        parameters: PARAMETERS,
        rules: &[],
    };

    static PARTITIONS: &[Partition] = &[];

    fn resolver(rule_set: &'static RuleSet) -> Resolver {
        Resolver {
            rule_set,
            partitions: PARTITIONS,
        }
    }

    fn with_scope<T>(params: Params, run: impl FnOnce(&Scope) -> T) -> T {
        let resolver = resolver(&EMPTY);
        let mut scope = Scope {
            resolver: &resolver,
            values: Vec::new(),
        };
        for (name, value) in params.values {
            let name = PARAMETERS.iter().find(|p| p.name == name).unwrap().name;
            scope.values.push((name, value));
        }
        scope.values.push((
            "Record",
            Value::Record(SortedMap::from([
                ("name".to_owned(), Value::from("aws")),
                (
                    "list".to_owned(),
                    Value::Array(vec![Value::from("a"), Value::from("b")]),
                ),
                (
                    "inner".to_owned(),
                    Value::Record(SortedMap::from([("x".to_owned(), Value::from("y"))])),
                ),
            ])),
        ));
        run(&scope)
    }

    #[test]
    fn templates_expand_names_paths_and_escaped_braces() {
        with_scope(Params::new().set("Region", "eu-west-2"), |scope| {
            let expanded = expand(
                "https://{Region}.{Record#name}/{{x}}/{Record#list[1]}",
                scope,
            );
            assert_eq!(expanded.unwrap(), "https://eu-west-2.aws/{x}/b");
            assert_eq!(expand("{Record#inner.x}", scope).unwrap(), "y");
            assert_eq!(expand("no braces", scope).unwrap(), "no braces");
        });
    }

    #[test]
    fn bad_templates_are_errors() {
        with_scope(Params::new(), |scope| {
            for (template, reason) in [
                ("https://{Region", "a `{` is not closed"),
                ("a}b", "a `}` closes nothing (write `}}` for a brace)"),
                ("{Region}", "`Region` is not set"),
                ("{Record#missing}", "`Record#missing` is not set"),
                ("{Record#list}", "`Record#list` is an array"),
                ("{}", "`{}` names no value"),
            ] {
                let template: &'static str = template;
                assert_eq!(
                    expand(template, scope),
                    Err(EndpointError::InvalidTemplate {
                        template,
                        reason: reason.into()
                    }),
                );
            }
            assert_eq!(
                expand("{Nobody}", scope),
                Err(EndpointError::UnboundReference("Nobody".into()))
            );
        });
    }

    #[test]
    fn rules_resolve_endpoints_errors_and_exhausted_trees() {
        let resolver = resolver(&TREE_RULES);
        let endpoint = resolver
            .resolve(&Params::new().set("Region", "eu-west-2"))
            .unwrap();
        assert_eq!(endpoint.url(), "https://eu.eu-west-2.example.com");
        assert_eq!(endpoint.headers()["x-region"], ["eu-west-2"]);
        let sigv4 = endpoint.auth_scheme("sigv4").unwrap();
        assert_eq!(sigv4["signingRegion"], Value::from("eu-west-2"));
        assert_eq!(endpoint.auth_scheme("sigv4a"), None);
        assert_eq!(
            resolver.resolve(&Params::new()),
            Err(EndpointError::Rule("Missing Region".into()))
        );
        assert_eq!(
            resolver.resolve(&Params::new().set("Region", "x").set("Flag", true)),
            Err(EndpointError::Rule("flag set for x".into()))
        );
        // The tree's conditions hold, none of its rules match: the rules after it are not
        // tried.
        assert_eq!(
            resolver.resolve(&Params::new().set("Region", "dead-end")),
            Err(EndpointError::NoRuleMatched)
        );
        // `substring` gives nothing for a one-letter region: the tree is exhausted.
        assert_eq!(
            resolver.resolve(&Params::new().set("Region", "x")),
            Err(EndpointError::NoRuleMatched)
        );
    }

    #[test]
    fn parameters_are_checked_before_any_rule() {
        let resolver = resolver(&TREE_RULES);
        assert_eq!(
            resolver.resolve(&Params::new().set("Region", true)),
            Err(EndpointError::InvalidParameter {
                name: "Region".into(),
                expected: "a string"
            })
        );
        assert_eq!(
            resolver.resolve(&Params::new().set("Regoin", "typo")),
            Err(EndpointError::UnknownParameter("Regoin".into()))
        );
        static REQUIRED: &[Parameter] = &[Parameter {
            name: "Needed",
            kind: ParameterType::StringArray,
            built_in: None,
            required: true,
            default: None,
        }];
        static NEEDS: RuleSet = RuleSet {
            version: "1.0",
            parameters: REQUIRED,
            rules: &[],
        };
        assert_eq!(
            Resolver {
                rule_set: &NEEDS,
                partitions: &[],
            }
            .resolve(&Params::new()),
            Err(EndpointError::MissingParameter("Needed"))
        );
    }

    #[test]
    fn unknown_functions_and_references_are_errors() {
        static UNKNOWN: RuleSet = RuleSet {
            version: "1.0",
            parameters: PARAMETERS,
            rules: &[
                Rule {
                    conditions: &[Condition {
                        function: "isSet",
                        args: &[Expr::Ref("Region")],
                        assign: None,
                    }],
                    outcome: Outcome::Error(Expr::Call {
                        function: "aws.unheardOf",
                        args: &[],
                    }),
                },
                Rule {
                    conditions: &[],
                    outcome: Outcome::Error(Expr::Ref("Undeclared")),
                },
            ],
        };
        let resolver = resolver(&UNKNOWN);
        assert_eq!(
            resolver.resolve(&Params::new().set("Region", "r")),
            Err(EndpointError::UnknownFunction("aws.unheardOf"))
        );
        assert_eq!(
            resolver.resolve(&Params::new()),
            Err(EndpointError::UnboundReference("Undeclared".into()))
        );
    }

    #[test]
    fn endpoints_made_of_unset_or_wrong_values_are_errors() {
        static ENDPOINTS: RuleSet = RuleSet {
            version: "1.0",
            parameters: PARAMETERS,
            rules: &[
                Rule {
                    conditions: &[Condition {
                        function: "booleanEquals",
                        args: &[Expr::Ref("Flag"), Expr::Boolean(true)],
                        assign: None,
                    }],
                    outcome: Outcome::Endpoint(EndpointSpec {
                        url: Expr::Boolean(true),
                        properties: &[],
                        headers: &[],
                    }),
                },
                Rule {
                    conditions: &[],
                    outcome: Outcome::Endpoint(EndpointSpec {
                        url: Expr::String("https://example.com"),
                        properties: &[("region", Expr::Array(&[Expr::Ref("Region")]))],
                        headers: &[],
                    }),
                },
            ],
        };
        let resolver = resolver(&ENDPOINTS);
        assert_eq!(
            resolver.resolve(&Params::new().set("Flag", true)),
            Err(EndpointError::NotAString("URL"))
        );
        assert_eq!(
            resolver.resolve(&Params::new()),
            Err(EndpointError::UnsetValue("array item"))
        );
        let endpoint = resolver.resolve(&Params::new().set("Region", "r")).unwrap();
        assert_eq!(
            endpoint.properties()["region"],
            Value::Array(vec![Value::from("r")])
        );
    }

    #[test]
    fn built_in_params_bind_by_built_in_name() {
        let resolver = resolver(&TREE_RULES);
        let params = resolver.built_in_params(|name| match name {
            "AWS::Region" => Some(Value::from("ap-south-1")),
            _ => Some(Value::from(true)),
        });
        assert_eq!(params, Params::new().set("Region", "ap-south-1"));
    }

    static TREE_RULES: RuleSet = RuleSet {
        version: "1.0",
        parameters: PARAMETERS,
        rules: &[
            Rule {
                conditions: &[Condition {
                    function: "isSet",
                    args: &[Expr::Ref("Region")],
                    assign: None,
                }],
                outcome: Outcome::Tree(&[
                    Rule {
                        conditions: &[Condition {
                            function: "booleanEquals",
                            args: &[Expr::Ref("Flag"), Expr::Boolean(true)],
                            assign: None,
                        }],
                        outcome: Outcome::Error(Expr::String("flag set for {Region}")),
                    },
                    Rule {
                        conditions: &[Condition {
                            function: "stringEquals",
                            args: &[Expr::Ref("Region"), Expr::String("dead-end")],
                            assign: None,
                        }],
                        outcome: Outcome::Tree(&[Rule {
                            conditions: &[Condition {
                                function: "stringEquals",
                                args: &[Expr::Ref("Region"), Expr::String("never")],
                                assign: None,
                            }],
                            outcome: Outcome::Error(Expr::String("unreachable")),
                        }]),
                    },
                    Rule {
                        conditions: &[Condition {
                            function: "substring",
                            args: &[
                                Expr::Ref("Region"),
                                Expr::Integer(0),
                                Expr::Integer(2),
                                Expr::Boolean(false),
                            ],
                            assign: Some("Prefix"),
                        }],
                        outcome: Outcome::Endpoint(EndpointSpec {
                            url: Expr::String("https://{Prefix}.{Region}.example.com"),
                            properties: &[(
                                "authSchemes",
                                Expr::Array(&[Expr::Record(&[
                                    ("name", Expr::String("sigv4")),
                                    ("signingRegion", Expr::String("{Region}")),
                                    ("signingName", Expr::String("svc")),
                                ])]),
                            )],
                            headers: &[("x-region", &[Expr::Ref("Region")])],
                        }),
                    },
                ]),
            },
            Rule {
                conditions: &[],
                outcome: Outcome::Error(Expr::String("Missing Region")),
            },
        ],
    };
}
