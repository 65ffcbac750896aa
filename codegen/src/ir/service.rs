//! The identity of the service, read from the model once: everything that names the service
//! in generated code, crate names included, comes from here.

use crate::model::{Model, Shape};

/// What names the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The service shape's id.
    pub id: String,
    /// `sdkId` (`aws.api#service`), e.g. `Connect` or `Customer Profiles`; the service shape's
    /// name when the model has no `aws.api#service`.
    pub sdk_id: String,
    /// The service's name as the AWS CLI and botocore spell it: the `sdkId` in lower case,
    /// spaces as hyphens (`connect`, `customer-profiles`). Crate names start with it.
    pub name: String,
    /// A human title: `smithy.api#title`, else the `sdkId` (`Amazon Connect Service`).
    pub title: String,
    /// The API version, e.g. `2017-08-08`.
    pub version: String,
    /// The SigV4 signing name (`aws.auth#sigv4`), if the service signs with SigV4.
    pub signing_name: Option<String>,
    /// The endpoint prefix (`aws.api#service`), if given.
    pub endpoint_prefix: Option<String>,
}

impl Identity {
    /// The identity of `model`'s service.
    pub fn of(model: &Model) -> Self {
        let shape: &Shape = model.service_shape();
        let traits = &shape.traits;
        let aws = traits.aws_service.as_ref();
        let sdk_id = aws.map_or_else(|| shape.name().to_owned(), |aws| aws.sdk_id.clone());
        let version = match &shape.kind {
            crate::model::ShapeKind::Service(service) => service.version.clone(),
            _ => None,
        };
        Self {
            id: shape.id.clone(),
            name: cli_name(&sdk_id),
            title: traits.title.clone().unwrap_or_else(|| sdk_id.clone()),
            version: version.unwrap_or_default(),
            signing_name: traits.sigv4.clone(),
            endpoint_prefix: aws.and_then(|aws| aws.endpoint_prefix.clone()),
            sdk_id,
        }
    }

    /// The service shape's name, e.g. `AmazonConnectService` (awsJson's `X-Amz-Target`
    /// prefix).
    pub fn shape_name(&self) -> &str {
        crate::model::name_of(&self.id)
    }
}

/// botocore's service name for an `sdkId`: lower case, spaces as hyphens.
fn cli_name(sdk_id: &str) -> String {
    sdk_id.trim().to_lowercase().replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_aws_cli() {
        assert_eq!(cli_name("Connect"), "connect");
        assert_eq!(cli_name("Customer Profiles"), "customer-profiles");
        assert_eq!(cli_name("Connect Contact Lens"), "connect-contact-lens");
        assert_eq!(cli_name("ConnectCampaignsV2"), "connectcampaignsv2");
        assert_eq!(cli_name("Voice ID"), "voice-id");
    }
}
