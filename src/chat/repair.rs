//! What to tell a model whose JSON answer did not match the schema it was asked for (`maxRepairs`): the problems,
//! each with where it is, and what to do.

use crate::issue::Issue;

/// The user turn that asks for a corrected answer: the answer's issues against the schema, or why it is not JSON.
pub fn repair_message(issues: &[Issue], not_json: Option<&str>) -> String {
    let mut out = String::new();
    match not_json {
        Some(why) => {
            out.push_str("Your previous answer is not valid JSON (");
            out.push_str(why);
            out.push_str(").");
        }
        None => {
            out.push_str("Your previous answer does not match the JSON schema it must follow:");
            for issue in issues {
                out.push_str("\n- ");
                if !issue.path.is_empty() {
                    out.push_str(&issue.path);
                    out.push_str(": ");
                }
                out.push_str(&issue.message);
            }
        }
    }
    out.push_str("\nAnswer again with only the corrected JSON, matching the schema.");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::{IssueCode, Severity};

    #[test]
    fn the_repair_turn_lists_every_issue_with_its_path() {
        let issue = |path: &str, message: &str| Issue {
            path: path.into(),
            code: IssueCode::InvalidValue,
            message: message.into(),
            severity: Severity::Error,
        };
        let issues =
            [issue("unit", "unit must be one of \"c\", \"f\"; got \"k\"."), issue("", "the value lacks \"city\".")];
        assert_eq!(
            repair_message(&issues, None),
            "Your previous answer does not match the JSON schema it must follow:\n- unit: unit must be one of \"c\", \
             \"f\"; got \"k\".\n- the value lacks \"city\".\nAnswer again with only the corrected JSON, matching the \
             schema."
        );
        assert!(repair_message(&[], Some("expected a JSON value at byte 0"))
            .starts_with("Your previous answer is not valid JSON (expected a JSON value at byte 0)."));
    }
}
