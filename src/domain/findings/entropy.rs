//! Does a description or a tag hold something that looks like a secret
//! value? A heuristic, tuned to be quiet on what tags usually hold (ARNs,
//! UUIDs, commit hashes, image digests, words joined by dashes) and loud on
//! keys, tokens and URLs with a password.

/// Known token shapes, flagged whatever their entropy.
const PREFIXES: &[&str] = &[
    "AKIA",
    "ASIA",
    "ghp_",
    "gho_",
    "ghs_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "sk_live_",
    "rk_live_",
    "sk-",
    "-----BEGIN",
];

pub fn looks_like_value(text: &str) -> bool {
    if text.contains("-----BEGIN") {
        return true;
    }
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"' | '\'' | '(' | ')'))
        .any(token_looks_like_value)
}

fn token_looks_like_value(token: &str) -> bool {
    if url_with_password(token) {
        return true;
    }
    let token = token.trim_matches(|c: char| matches!(c, '.' | ':' | '[' | ']' | '{' | '}'));
    if token.len() < 16 {
        return false;
    }
    if PREFIXES.iter().any(|p| token.starts_with(p)) && token.len() >= 20 {
        return true;
    }
    if token.len() < 20
        || token.starts_with("arn:")
        || token.contains("://")
        || token.starts_with("sha256:")
        || uuid(token)
    {
        return false;
    }
    let hex = token.bytes().all(|b| b.is_ascii_hexdigit());
    if hex {
        // Commit hashes (40) are common in tags; a 48+ digit key is not.
        return token.len() >= 48;
    }
    let has_digit = token.bytes().any(|b| b.is_ascii_digit());
    let has_alpha = token.bytes().any(|b| b.is_ascii_alphabetic());
    has_digit && has_alpha && entropy(token) >= 3.5
}

/// `scheme://user:password@host`.
fn url_with_password(token: &str) -> bool {
    let Some((_, rest)) = token.split_once("://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or_default();
    match authority.rsplit_once('@') {
        Some((userinfo, _)) => userinfo
            .split_once(':')
            .is_some_and(|(_, password)| !password.is_empty()),
        None => false,
    }
}

fn uuid(token: &str) -> bool {
    let parts: Vec<&str> = token.split('-').collect();
    parts.len() == 5
        && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Shannon entropy in bits per character.
fn entropy(token: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in token.bytes() {
        counts[b as usize] += 1;
    }
    let n = token.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::looks_like_value;

    #[test]
    fn keys_tokens_and_passwords_in_urls_look_like_values() {
        for text in [
            "AKIAIOSFODNN7EXAMPLE",
            "token ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "postgres://app:s3cr3t@db.internal:5432/app",
            "key=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "-----BEGIN RSA PRIVATE KEY-----",
        ] {
            assert!(looks_like_value(text), "{text}");
        }
    }

    #[test]
    fn what_tags_usually_hold_does_not() {
        for text in [
            "Database credentials for the pipeline-pulse production stack",
            "arn:aws:iam::123456789012:role/deploy-bot",
            "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
            "e83c5163316f89bfbde7d9ab23ca2e25604af290",
            "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "pipeline-pulse-production-database",
            "https://sentry.io/organizations/acme/issues",
            "team-payments",
            "2026-11-20T14:02:00Z",
            "",
        ] {
            assert!(!looks_like_value(text), "{text}");
        }
    }
}
