//! The tool runner's decisions: after each answer, whether the run goes on, and for each tool call whether its
//! function runs (with which arguments) or the model is told what went wrong instead (an unknown tool, arguments
//! that are not JSON or do not match the tool's parameters, a function that failed).

use crate::issue::Issue;
use crate::json::Value;

/// A tool the runner may call: its name and its parameters' JSON Schema.
pub struct ToolSpec<'a> {
    pub name: &'a str,
    pub parameters: Option<&'a Value>,
}

/// A call the model made: its id, the function's name, and its arguments as parsed from their JSON text (or why
/// they could not be).
pub struct Call<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub arguments: Result<Value, String>,
}

/// What to do with one call.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Run the function with these arguments.
    Run { id: String, name: String, arguments: Value },
    /// Do not run it: answer the call with this tool message, for the model to correct itself.
    Reply { id: String, content: String, issues: Vec<Issue> },
}

/// What follows an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// It made no tool calls: it is the final answer.
    Done,
    /// Run its calls, then ask again.
    RunTools,
    /// It made calls, but the run has used all its steps.
    OutOfSteps,
}

/// After `steps` answers (this one included), of which this one made `calls` tool calls.
pub fn next(calls: usize, steps: u32, max_steps: u32) -> Next {
    match (calls, steps >= max_steps) {
        (0, _) => Next::Done,
        (_, true) => Next::OutOfSteps,
        (_, false) => Next::RunTools,
    }
}

/// What to do with each call, in order.
pub fn plan(calls: Vec<Call<'_>>, tools: &[ToolSpec<'_>]) -> Vec<Step> {
    calls.into_iter().map(|call| plan_one(call, tools)).collect()
}

fn plan_one(call: Call<'_>, tools: &[ToolSpec<'_>]) -> Step {
    let reply = |content: String, issues: Vec<Issue>| Step::Reply { id: call.id.to_string(), content, issues };
    let name = call.name;
    let Some(tool) = tools.iter().find(|t| t.name == name) else {
        let names: Vec<&str> = tools.iter().map(|t| t.name).collect();
        let content = format!(
            "There is no tool named \"{name}\". The tools are: {}. Call one of them.",
            crate::text::join(&names, ", ")
        );
        return reply(content, Vec::new());
    };
    let arguments = match call.arguments {
        Ok(arguments) => arguments,
        Err(why) => {
            let content = format!(
                "The arguments of {name} are not valid JSON ({why}). Call {name} again with its arguments as a JSON \
                 object."
            );
            return reply(content, Vec::new());
        }
    };
    if let Some(schema) = tool.parameters {
        let issues = crate::schema::check_value(&arguments, schema);
        if !issues.is_empty() {
            let mut content = format!("The arguments of {name} do not match its parameters:");
            for issue in &issues {
                content.push_str("\n- ");
                content.push_str(&issue.message);
            }
            content.push_str(&format!("\nCall {name} again with corrected arguments."));
            return reply(content, issues);
        }
    }
    Step::Run { id: call.id.to_string(), name: name.to_string(), arguments }
}

/// The tool message for a function that threw: what the model is told.
pub fn failure_message(name: &str, error: &str) -> String {
    format!("The tool {name} failed: {error}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn valid_calls_run_and_the_rest_are_answered_with_what_to_correct() {
        let weather = value(r#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#);
        let tools =
            [ToolSpec { name: "weather", parameters: Some(&weather) }, ToolSpec { name: "time", parameters: None }];
        let calls = vec![
            Call { id: "a", name: "weather", arguments: Ok(value(r#"{"city":"Paris"}"#)) },
            Call { id: "b", name: "wether", arguments: Ok(value("{}")) },
            Call { id: "c", name: "weather", arguments: Err("expected a JSON value at byte 0".into()) },
            Call { id: "d", name: "weather", arguments: Ok(value(r#"{"town":"Paris"}"#)) },
            Call { id: "e", name: "time", arguments: Ok(value(r#"{"anything":1}"#)) },
        ];
        let steps = plan(calls, &tools);
        assert_eq!(
            steps[0],
            Step::Run { id: "a".into(), name: "weather".into(), arguments: value(r#"{"city":"Paris"}"#) }
        );
        let Step::Reply { id, content, issues } = &steps[1] else { panic!("{:?}", steps[1]) };
        assert_eq!((id.as_str(), issues.len()), ("b", 0));
        assert_eq!(content, "There is no tool named \"wether\". The tools are: weather, time. Call one of them.");
        let Step::Reply { content, .. } = &steps[2] else { panic!() };
        assert_eq!(
            content,
            "The arguments of weather are not valid JSON (expected a JSON value at byte 0). Call weather again with \
             its arguments as a JSON object."
        );
        let Step::Reply { content, issues, .. } = &steps[3] else { panic!() };
        assert_eq!(issues[0].path, "city");
        assert_eq!(
            content,
            "The arguments of weather do not match its parameters:\n- the value lacks the required property \
             \"city\".\nCall weather again with corrected arguments."
        );
        assert!(matches!(&steps[4], Step::Run { id, .. } if id == "e"), "no schema: anything goes");
    }

    #[test]
    fn the_run_stops_at_an_answer_without_calls_or_when_its_steps_are_spent() {
        assert_eq!(next(0, 1, 10), Next::Done);
        assert_eq!(next(0, 10, 10), Next::Done, "a final answer on the last step is still final");
        assert_eq!(next(2, 3, 10), Next::RunTools);
        assert_eq!(next(1, 10, 10), Next::OutOfSteps);
    }
}
