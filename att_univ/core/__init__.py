"""The small core every layer may use: errors and exit codes, problems, wording, text formats, the treaty's rules of time."""
