//! What Secrets Manager accepts, checked before a call is made, so a typo
//! gets a specific message instead of an InvalidParameterException.
//! The ranges are the real API's (CreateSecret, RotateSecret, DeleteSecret,
//! TagResource).

/// The longest secret name AWS accepts.
pub const MAX_NAME_LEN: usize = 512;

/// A secret name: 1–512 of ASCII letters, digits and `/_+=.@-`.
pub fn secret_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the name is empty".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!(
            "the name is {} characters long; at most 512 are allowed",
            name.len()
        ));
    }
    if let Some(bad) = name.chars().find(|c| !name_char(*c)) {
        return Err(format!(
            "{bad:?} is not allowed in a name: use letters, digits and / _ + = . @ -"
        ));
    }
    if name.ends_with('/') {
        return Err("the name ends with '/': add the secret's own name after the path".into());
    }
    Ok(())
}

/// AWS appends `-` and six random characters to a secret's ARN; a name that
/// already ends like that makes partial-ARN lookups ambiguous.
pub fn name_warning(name: &str) -> Option<String> {
    let (_, tail) = name.rsplit_once('-')?;
    (tail.len() == 6 && tail.chars().all(|c| c.is_ascii_alphanumeric())).then(|| {
        "names ending in a hyphen and six characters can be mistaken for an ARN suffix".into()
    })
}

pub fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "/_+=.@-".contains(c)
}

/// DeleteSecret's RecoveryWindowInDays.
pub const RECOVERY_DAYS: std::ops::RangeInclusive<u8> = 7..=30;
pub const DEFAULT_RECOVERY_DAYS: u8 = 30;

/// A tag key: 1–128 characters, not starting with the reserved `aws:`.
pub fn tag_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("the tag key is empty".into());
    }
    if key.chars().count() > 128 {
        return Err("a tag key is at most 128 characters".into());
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err("tag keys starting with aws: are reserved by AWS".into());
    }
    tag_chars(key)
}

/// A tag value: 0–256 characters.
pub fn tag_value(value: &str) -> Result<(), String> {
    if value.chars().count() > 256 {
        return Err("a tag value is at most 256 characters".into());
    }
    tag_chars(value)
}

/// Letters, digits, spaces and `_ . : / = + - @` in any script.
fn tag_chars(s: &str) -> Result<(), String> {
    match s
        .chars()
        .find(|c| !(c.is_alphanumeric() || " _.:/=+-@".contains(*c)))
    {
        Some(c) => Err(format!("{c:?} is not allowed in a tag")),
        None => Ok(()),
    }
}

/// `KEY=VALUE` (the value may be empty).
pub fn tag_pair(text: &str) -> Result<(String, String), String> {
    let Some((key, value)) = text.split_once('=') else {
        return Err(format!("{text:?} is not KEY=VALUE"));
    };
    let (key, value) = (key.trim(), value.trim());
    tag_key(key)?;
    tag_value(value)?;
    Ok((key.to_string(), value.to_string()))
}

/// A comma-separated list of `KEY=VALUE` tags; empty means none.
pub fn tag_list(text: &str) -> Result<Vec<(String, String)>, String> {
    let tags: Vec<(String, String)> = text
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(tag_pair)
        .collect::<Result<_, _>>()?;
    if tags.len() > 50 {
        return Err("a secret has at most 50 tags".into());
    }
    Ok(tags)
}

/// A Lambda function's ARN, as RotationLambdaARN expects it.
pub fn lambda_arn(arn: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.split(':').collect();
    let ok = arn.len() <= 2048
        && parts.len() >= 7
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "lambda"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5] == "function"
        && !parts[6].is_empty();
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{arn:?} is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(secret_name("gaara-store/production/jwt-secret").is_ok());
        assert!(secret_name("a_b+c=d.e@f-g/h").is_ok());
        assert!(secret_name(&"a".repeat(512)).is_ok());
        assert!(secret_name(&"a".repeat(513)).unwrap_err().contains("512"));
        assert!(secret_name("").is_err());
        assert!(secret_name("has space").unwrap_err().contains("' '"));
        assert!(secret_name("ünï").is_err());
        assert!(secret_name("svc/env/").unwrap_err().contains("ends with"));
        assert!(name_warning("svc/db-abc123").is_some());
        assert!(name_warning("svc/database-url").is_none());
    }

    #[test]
    fn tags() {
        assert_eq!(
            tag_pair("Team=payments"),
            Ok(("Team".into(), "payments".into()))
        );
        assert_eq!(tag_pair("Empty="), Ok(("Empty".into(), String::new())));
        assert!(tag_pair("NoEquals").unwrap_err().contains("KEY=VALUE"));
        assert!(tag_pair("aws:owner=x").unwrap_err().contains("reserved"));
        assert!(tag_pair("k=a;b").is_err());
        assert!(tag_key(&"k".repeat(129)).is_err());
        assert_eq!(tag_list(" a=1, b=2 ,").unwrap().len(), 2);
        assert_eq!(tag_list("").unwrap(), vec![]);
    }

    #[test]
    fn lambda_arns() {
        assert!(lambda_arn("arn:aws:lambda:us-east-1:123456789012:function:rotate").is_ok());
        assert!(lambda_arn("arn:aws:lambda:us-east-1:123456789012:function:rotate:live").is_ok());
        assert!(lambda_arn("arn:aws:lambda:us-east-1:1234:function:rotate").is_err());
        assert!(lambda_arn("rotate-fn").is_err());
    }
}
