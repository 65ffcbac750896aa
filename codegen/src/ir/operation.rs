//! Each operation resolved once: its shapes, the names of its Rust items, how it authenticates
//! and how it paginates. Every emitter reads this one value.

use super::index::{Home, Index};
use super::naming;
use crate::model::{Member, Paginated, Shape, ShapeKind, Simple};
use crate::GenerateError;
use proc_macro2::Ident;
use quote::format_ident;

/// How an operation authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// SigV4, credentials required.
    SigV4,
    /// SigV4 when credentials can be had, else unsigned (`@optionalAuth`).
    OptionalSigV4,
    /// Unsigned (`@auth([])`, or a service without auth schemes).
    None,
}

/// One operation, resolved.
pub struct OperationIr<'m> {
    /// The operation shape.
    pub shape: &'m Shape,
    /// Its name in the model, e.g. `DisassociateWorkspace`.
    pub name: &'m str,
    /// The input structure.
    pub input: &'m Shape,
    /// The output structure.
    pub output: &'m Shape,
    /// The error structures, the service's common errors included.
    pub errors: Vec<&'m Shape>,
    /// The crate the operation's own code lives in.
    pub home: Home,
    /// How it authenticates.
    pub auth: Auth,
    /// Its pagination, if it is paginated.
    pub pagination: Option<Pagination<'m>>,
    /// The names of its Rust items.
    pub names: OperationNames,
}

/// The Rust names of an operation's items.
pub struct OperationNames {
    /// `<Operation>Input`.
    pub input: Ident,
    /// `<Operation>InputBuilder`.
    pub input_builder: Ident,
    /// `<Operation>Output`.
    pub output: Ident,
    /// `<Operation>OutputBuilder`.
    pub output_builder: Ident,
    /// `<Operation>Error`.
    pub error: Ident,
    /// `<Operation>FluentBuilder`.
    pub fluent: Ident,
    /// `<Operation>Paginator`.
    pub paginator: Ident,
    /// The module and client method: `disassociate_workspace`.
    pub method: Ident,
    /// The cargo feature: `disassociate-workspace`.
    pub feature: String,
    /// The package: `connect-disassociate-workspace`.
    pub package: String,
    /// The crate's Rust name: `connect_disassociate_workspace`.
    pub krate: Ident,
}

/// An operation's `paginated` trait, resolved to members.
pub struct Pagination<'m> {
    /// The input member the continuation token is sent in.
    pub input_token: &'m Member,
    /// The path from the output to its continuation token.
    pub output_token: Vec<Step<'m>>,
    /// The path from the output to the list or map of items, if the model names one.
    pub items: Option<Vec<Step<'m>>>,
    /// The input member that bounds the size of a page, if the model names one.
    pub page_size: Option<&'m Member>,
}

/// One member of a path, in the structure that holds it.
pub struct Step<'m> {
    /// The structure holding the member.
    pub owner: &'m Shape,
    /// The member.
    pub member: &'m Member,
}

impl<'m> Index<'m> {
    /// Operation `name`, resolved.
    pub fn operation_ir(&self, name: &str) -> Result<OperationIr<'m>, GenerateError> {
        let shape = self.operation(name)?;
        let ShapeKind::Operation(op) = &shape.kind else {
            return Err(GenerateError::new(&shape.id, "not an operation"));
        };
        let model = self.model();
        let (input, output) = (model.shape(&op.input), model.shape(&op.output));
        for (io, marked, which) in [
            (input, input.traits.input, "input"),
            (output, output.traits.output, "output"),
        ] {
            if !marked || !matches!(io.kind, ShapeKind::Structure(_)) {
                return Err(GenerateError::new(
                    &io.id,
                    format!("an operation's {which} must be a structure with the `{which}` trait"),
                ));
            }
        }
        let name = shape.name();
        let type_name = naming::type_name(name);
        let package = self.packages().operation(name);
        let input_name = format_ident!("{}Input", name);
        Ok(OperationIr {
            shape,
            name,
            input,
            output,
            errors: op.errors.iter().map(|id| model.shape(id)).collect(),
            home: Home::Operation(name.to_owned()),
            auth: self.auth(shape)?,
            pagination: self.pagination(shape)?,
            names: OperationNames {
                input_builder: format_ident!("{}Builder", input_name),
                input: input_name,
                output: format_ident!("{}Output", name),
                output_builder: format_ident!("{}OutputBuilder", name),
                error: format_ident!("{}Error", type_name),
                fluent: format_ident!("{}FluentBuilder", type_name),
                paginator: format_ident!("{}Paginator", type_name),
                method: naming::field(name),
                feature: naming::kebab(name),
                krate: naming::crate_ident(&package),
                package,
            },
        })
    }

    /// How `operation` authenticates: its `@auth` (else the service's, else every auth
    /// scheme the service declares) must offer SigV4 or nothing.
    fn auth(&self, operation: &Shape) -> Result<Auth, GenerateError> {
        let service = self.model().service_shape();
        let declared: Vec<String> = service
            .traits
            .sigv4
            .iter()
            .map(|_| SIGV4.to_owned())
            .collect();
        let schemes = operation
            .traits
            .auth
            .as_ref()
            .or(service.traits.auth.as_ref())
            .unwrap_or(&declared);
        if schemes.is_empty() {
            return Ok(Auth::None);
        }
        if !schemes.iter().any(|scheme| scheme == SIGV4) {
            return Err(GenerateError::new(
                &operation.id,
                format!(
                    "none of its auth schemes ({}) is supported; SigV4 is",
                    schemes.join(", ")
                ),
            ));
        }
        if service.traits.sigv4.is_none() {
            return Err(GenerateError::new(
                &operation.id,
                "it authenticates with SigV4, but the service has no `aws.auth#sigv4` trait",
            ));
        }
        Ok(if operation.traits.optional_auth {
            Auth::OptionalSigV4
        } else {
            Auth::SigV4
        })
    }

    /// The pagination of `operation`, or `None` when it is not paginated. A trait that does
    /// not fit the operation's input and output is an error naming the operation and member.
    fn pagination(&self, operation: &'m Shape) -> Result<Option<Pagination<'m>>, GenerateError> {
        let Some(own) = &operation.traits.paginated else {
            return Ok(None);
        };
        let model = self.model();
        let ShapeKind::Operation(op) = &operation.kind else {
            return Err(GenerateError::new(&operation.id, "not an operation"));
        };
        let service = model.service_shape().traits.paginated.as_ref();
        // The service's `paginated` trait gives defaults; the operation's own values win.
        let setting = |pick: fn(&Paginated) -> &Option<String>| {
            pick(own)
                .as_deref()
                .or_else(|| service.and_then(|service| pick(service).as_deref()))
        };
        let error = |problem: String| Err(GenerateError::new(&operation.id, problem));
        let (input, output) = (model.shape(&op.input), model.shape(&op.output));

        let Some(input_token) = setting(|p| &p.input_token) else {
            return error("the `paginated` trait names no `inputToken`".into());
        };
        let input_token = member(input, input_token)
            .ok_or_else(|| missing(operation, "inputToken", input_token, input))?;
        if !self.is_string(input_token) {
            return error(format!(
                "the `paginated` trait's `inputToken` `{}` must target a string",
                input_token.name
            ));
        }
        if self.is_plain(input, input_token) {
            return error(format!(
                "the `paginated` trait's `inputToken` `{}` must not be required",
                input_token.name
            ));
        }

        let Some(output_token) = setting(|p| &p.output_token) else {
            return error("the `paginated` trait names no `outputToken`".into());
        };
        let output_token = self.path(operation, output, "outputToken", output_token)?;
        let last = output_token.last().map(|step| step.member);
        if !last.is_some_and(|member| self.is_string(member)) {
            return error("the `paginated` trait's `outputToken` must target a string".into());
        }

        let items = match setting(|p| &p.items) {
            None => None,
            Some(items) => {
                let items = self.path(operation, output, "items", items)?;
                let last = items.last().map(|step| model.shape(&step.member.target));
                if !last.is_some_and(|shape| {
                    matches!(shape.kind, ShapeKind::List(_) | ShapeKind::Map(..))
                }) {
                    return error(
                        "the `paginated` trait's `items` must target a list or a map".into(),
                    );
                }
                Some(items)
            }
        };

        let page_size = match setting(|p| &p.page_size) {
            None => None,
            Some(name) => {
                let page_size = member(input, name)
                    .ok_or_else(|| missing(operation, "pageSize", name, input))?;
                let target = model.shape(&page_size.target);
                if !matches!(target.kind, ShapeKind::Simple(Simple::Integer)) {
                    return error(format!(
                        "the `paginated` trait's `pageSize` `{name}` must target an integer"
                    ));
                }
                Some(page_size)
            }
        };

        Ok(Some(Pagination {
            input_token,
            output_token,
            items,
            page_size,
        }))
    }

    fn is_string(&self, member: &Member) -> bool {
        matches!(
            self.model().shape(&member.target).kind,
            ShapeKind::Simple(Simple::String)
        )
    }

    /// A `paginated` path (`Member.Member...`) from the output structure.
    fn path(
        &self,
        operation: &Shape,
        output: &'m Shape,
        setting: &str,
        text: &str,
    ) -> Result<Vec<Step<'m>>, GenerateError> {
        let mut steps = Vec::new();
        let mut owner = output;
        for name in text.split('.') {
            let member =
                member(owner, name).ok_or_else(|| missing(operation, setting, name, owner))?;
            steps.push(Step { owner, member });
            owner = self.model().shape(&member.target);
        }
        Ok(steps)
    }
}

/// The auth scheme this SDK signs with.
const SIGV4: &str = "aws.auth#sigv4";

fn member<'m>(shape: &'m Shape, name: &str) -> Option<&'m Member> {
    match &shape.kind {
        ShapeKind::Structure(members) => members.iter().find(|member| member.name == name),
        _ => None,
    }
}

fn missing(operation: &Shape, setting: &str, name: &str, owner: &Shape) -> GenerateError {
    GenerateError::new(
        &operation.id,
        format!(
            "the `paginated` trait's `{setting}` names `{name}`, which is not a member of `{}`",
            owner.id
        ),
    )
}
