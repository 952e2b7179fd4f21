resource "functiongraph_trigger" "t" {
function_urn = functiongraph_function.f.urn
type = "TIMER"
timer {
name = "every-minute"
schedule_type = "Rate"
schedule = "1m"
  inner {
      deep {
  x = 1
      }
  }
}
}
