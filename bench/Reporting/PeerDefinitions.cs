namespace SpeedKings.Bench.Reporting;

/// <summary>
/// How this suite's figures line up with the same-named figures of vLLM <c>bench serve</c>, NVIDIA AIPerf and
/// GuideLLM (as their sources defined them in late 2026; see shared/reference/peer-definitions.md), so a reader
/// comparing published numbers knows which ones mean the same thing.
/// </summary>
internal static class PeerDefinitions
{
    public static readonly string[] Header = ["Figure", "This suite", "vLLM bench serve", "AIPerf", "GuideLLM"];

    public static readonly string[][] Rows =
    [
        ["TTFT", "first event with generated text (answer or reasoning); role-only chunks never count", "first chunk with non-empty choices: a role-only chunk counts", "first chunk with content, reasoning included", "first chunk with content; role-only skipped"],
        ["TTFT without reasoning", "TTFAT", "—", "TTFO", "TTFOT"],
        ["ITL", "every gap between text events, pooled (per event)", "every chunk gap (per event)", "(E2E − TTFT) / (tokens − 1); per-event gaps as ICL", "per-request (last − first) / (tokens − 1)"],
        ["TPOT", "(E2E − TTFT) / (tokens − 1) per request", "the same", "its ITL", "per-request average, first token included"],
        ["Output speed", "(tokens − tokens of the first event) / (last − first event)", "—", "—", "—"],
        ["Late sends", "schedule lag per request; TTFT from intended beside TTFT; client-bound above 1 ms p99", "not recorded", "schedule lag, 'degraded' above 500 ms p99", "not recorded"],
        ["Token counts", "provider usage; o200k_base count marked estimated where none", "usage or tokenizer", "usage preferred, discrepancy reported", "usage"],
    ];
}
