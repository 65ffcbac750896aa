//! What changes in the public API of a generated SDK when its model changes, each change
//! marked as breaking users' code or not.
//!
//! Both models go through the generator's own index and naming ([`api()`]), so the changes name
//! the Rust items users see (`DisassociateWorkspaceInput::resource_arns`) beside the model's
//! names (`DisassociateWorkspaceRequest$ResourceArns`). What breaks follows from how the
//! generator emits the items:
//!
//! - anything removed (an operation, a type, a member, an error variant, an enum value, a
//!   paginator, a builder) breaks the code that names it;
//! - a type moving between crates (a type one operation used becomes shared when a new
//!   operation uses it too, or the other way) changes its path: breaking;
//! - a member whose type changes breaks the code that reads or sets it;
//! - a required member is checked before sending (an input's own by `build()`, a nested
//!   structure's by the checks `send()` runs), so a member that becomes required in what users
//!   send, or a new required one, breaks code that leaves it unset; one the SDK fills itself
//!   (an idempotency token) does not. An input's own required members are plain fields (`T`,
//!   not `Option<T>`), so becoming required or optional there also changes the field's type;
//!   in answers, every member stays an `Option`, whatever the model says;
//! - added operations, types, members, union variants, enum values and errors do not break:
//!   structures, unions, enums and operation errors are `#[non_exhaustive]`, and unions and
//!   enums have an `Unknown` variant (errors `Unhandled`) that held the new values before.

mod api;
mod compare;
#[cfg(test)]
mod tests;

pub use api::{api, spell};
pub use compare::compare;

use std::collections::BTreeMap;
use std::fmt;

/// The public API of one generated SDK.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// The client crate's Rust name, e.g. `connect_sdk`.
    pub krate: String,
    /// The generated operations, by model name.
    pub operations: BTreeMap<String, Operation>,
    /// The structures, unions and enums the operations reach, their inputs and outputs
    /// excepted, by shape id.
    pub types: BTreeMap<String, Type>,
}

/// One operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The client's method and the operation's module, e.g. `disassociate_workspace`.
    pub method: String,
    /// The cargo feature, e.g. `disassociate-workspace`.
    pub feature: String,
    /// The fluent builder `Client::<method>()` returns, e.g.
    /// `DisassociateWorkspaceFluentBuilder`.
    pub fluent: String,
    /// The error enum, e.g. `DisassociateWorkspaceError`.
    pub error: String,
    /// Its variants, by Rust name, with the error shape's name.
    pub errors: BTreeMap<String, String>,
    /// The paginator, if the operation is paginated.
    pub paginator: Option<String>,
    /// The input structure.
    pub input: Type,
    /// The output structure.
    pub output: Type,
}

/// A generated structure, union or enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Type {
    /// The shape's name in the model.
    pub model: String,
    /// The Rust name.
    pub name: String,
    /// Where users name it, e.g. `connect_sdk::types::UserSummary`.
    pub path: String,
    /// What it holds.
    pub shape: Shape,
}

/// What a type holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A structure's fields, by Rust name.
    Structure {
        /// How users meet it.
        role: Role,
        /// Its fields.
        members: BTreeMap<String, Member>,
    },
    /// A union's variants, by Rust name.
    Union {
        /// Its variants (`ty` empty for a variant without a value).
        variants: BTreeMap<String, Member>,
    },
    /// An enum's values, by Rust variant: the member's model name and the value.
    Enum {
        /// Its values.
        values: BTreeMap<String, (String, String)>,
    },
}

/// How users meet a structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An operation's input: built by its builder, whose `build()` checks required members.
    Input,
    /// Sent inside an input: it has a builder, and `send()` checks its required members.
    Sent,
    /// Only in answers: public fields, all optional, no builder.
    Received,
}

impl Role {
    /// Whether users build and send values of the structure.
    pub fn is_sent(self) -> bool {
        matches!(self, Self::Input | Self::Sent)
    }
}

/// A member of a structure or union.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The member's name in the model.
    pub model: String,
    /// The type of its value, as users write it (without the field's `Option`).
    pub ty: String,
    /// The field holds a plain `T`, not `Option<T>` (an input's own required members).
    pub plain: bool,
    /// `@required` in the model.
    pub required: bool,
    /// The SDK fills it when left unset (an idempotency token).
    pub filled: bool,
}

impl Member {
    /// The field's type: `T` or `Option<T>`.
    pub fn field_type(&self) -> String {
        if self.plain {
            self.ty.clone()
        } else {
            format!("Option<{}>", self.ty)
        }
    }
}

/// The kinds of change, in the order a report lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum What {
    /// An operation left the SDK.
    OperationRemoved,
    /// A new operation.
    OperationAdded,
    /// An operation is no longer paginated.
    PaginatorRemoved,
    /// An operation became paginated.
    PaginatorAdded,
    /// An operation no longer names an error.
    ErrorRemoved,
    /// An operation names a new error.
    ErrorAdded,
    /// A type no operation reaches any more.
    TypeRemoved,
    /// A new type.
    TypeAdded,
    /// A type lives in another crate: its path changed.
    TypeMoved,
    /// A type became another kind (a structure a union, ...).
    TypeKindChanged,
    /// A structure is no longer sent: its builder is gone.
    BuilderRemoved,
    /// A structure is now sent: it has a builder.
    BuilderAdded,
    /// A structure's member left.
    MemberRemoved,
    /// A new member of a structure.
    MemberAdded,
    /// A member's type changed.
    MemberTypeChanged,
    /// A member became required.
    MemberRequired,
    /// A member is no longer required.
    MemberOptional,
    /// A union's member left.
    VariantRemoved,
    /// A new member of a union.
    VariantAdded,
    /// The type a union's member holds changed.
    VariantTypeChanged,
    /// An enum value left.
    EnumValueRemoved,
    /// A new enum value.
    EnumValueAdded,
    /// The value an enum variant stands for changed.
    EnumValueChanged,
}

impl What {
    /// How a report names the change.
    pub fn label(self) -> &'static str {
        match self {
            Self::OperationRemoved => "operation removed",
            Self::OperationAdded => "operation added",
            Self::PaginatorRemoved => "paginator removed",
            Self::PaginatorAdded => "paginator added",
            Self::ErrorRemoved => "error removed",
            Self::ErrorAdded => "error added",
            Self::TypeRemoved => "type removed",
            Self::TypeAdded => "type added",
            Self::TypeMoved => "type moved",
            Self::TypeKindChanged => "type kind changed",
            Self::BuilderRemoved => "builder removed",
            Self::BuilderAdded => "builder added",
            Self::MemberRemoved => "member removed",
            Self::MemberAdded => "member added",
            Self::MemberTypeChanged => "member type changed",
            Self::MemberRequired => "member now required",
            Self::MemberOptional => "member now optional",
            Self::VariantRemoved => "union variant removed",
            Self::VariantAdded => "union variant added",
            Self::VariantTypeChanged => "union variant changed",
            Self::EnumValueRemoved => "enum value removed",
            Self::EnumValueAdded => "enum value added",
            Self::EnumValueChanged => "enum value changed",
        }
    }
}

/// One change of the public API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub what: What,
    /// Whether code written against the old SDK may stop compiling or start failing.
    pub breaking: bool,
    /// The Rust item, e.g. `DisassociateWorkspaceInput::resource_arns`.
    pub item: String,
    /// The model's name for it, e.g. `DisassociateWorkspaceRequest$ResourceArns`.
    pub model: String,
    /// The types or paths before and after, and why it breaks or not.
    pub detail: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.breaking { "breaking" } else { "" };
        write!(
            f,
            "{mark:<9} {:<22} {} ({})",
            self.what.label(),
            self.item,
            self.model
        )?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// How many changes of each kind, and how many of them break.
pub fn counts(changes: &[Change]) -> BTreeMap<What, (usize, usize)> {
    let mut counts: BTreeMap<What, (usize, usize)> = BTreeMap::new();
    for change in changes {
        let entry = counts.entry(change.what).or_default();
        entry.0 += 1;
        entry.1 += usize::from(change.breaking);
    }
    counts
}

/// The report: one line a change, then the totals by kind.
pub fn render(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        out.push_str(&format!("{change}\n"));
    }
    out.push_str(&totals(changes));
    out
}

/// The totals: changes by kind (with how many break), then all of them.
pub fn totals(changes: &[Change]) -> String {
    let mut out = String::from("totals:\n");
    for (what, (count, breaking)) in counts(changes) {
        out.push_str(&format!("  {:<22} {count:>5}", what.label()));
        if breaking > 0 {
            out.push_str(&format!("  ({breaking} breaking)"));
        }
        out.push('\n');
    }
    let breaking = changes.iter().filter(|change| change.breaking).count();
    out.push_str(&format!(
        "  {} change(s), {breaking} breaking\n",
        changes.len()
    ));
    out
}
