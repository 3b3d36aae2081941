using SpeedKings.Bench.Diagnosers;

namespace SpeedKings.Bench.Tests.Bench.Diagnosers;

/// <summary>Reading an engine's Prometheus exposition in vLLM's names: summed over models, nothing from other names.</summary>
public class EngineScraperTests
{
    [Fact]
    public void A_vLLM_exposition_is_read_summed_over_its_label_sets()
    {
        const string Exposition = """
            # HELP vllm:num_requests_running Number of requests running.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{model_name="a"} 3.0
            vllm:num_requests_running{model_name="b"} 1.0
            vllm:num_requests_waiting{model_name="a"} 5.0
            vllm:gpu_cache_usage_perc{model_name="a"} 0.42
            vllm:time_to_first_token_seconds_sum{model_name="a"} 1.5
            vllm:time_to_first_token_seconds_count{model_name="a"} 12
            vllm:time_to_first_token_seconds_bucket{model_name="a",le="0.1"} 7
            process_cpu_seconds_total 99
            """;

        EngineScraper.Sample sample = EngineScraper.Parse(Exposition)!;

        Assert.Equal(new EngineScraper.Sample(Running: 4, Waiting: 5, TtftSum: 1.5, TtftCount: 12, KvCache: 0.42), sample);
    }

    [Fact]
    public void An_endpoint_without_vLLM_request_gauges_gives_no_sample()
        => Assert.Null(EngineScraper.Parse("process_cpu_seconds_total 99\n# EOF\n"));
}
