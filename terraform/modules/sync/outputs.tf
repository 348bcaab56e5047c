output "function_name" {
  description = "The sync function."
  value       = module.function.function_name
}

output "sync_loop_arn" {
  description = "State machine that syncs until nothing remains: aws stepfunctions start-execution --state-machine-arn <arn> --input '{\"mode\":\"full\"}'."
  value       = aws_sfn_state_machine.sync_loop.arn
}

output "backfill_arn" {
  description = "Distributed Map backfill: input {\"items\": [{\"tables\": [..], \"mode\": \"window\", \"start\": .., \"end\": ..}, ..]}."
  value       = aws_sfn_state_machine.backfill.arn
}

output "dead_letter_queue_arn" {
  description = "Failed asynchronous sync invocations."
  value       = module.function.dead_letter_queue_arn
}
