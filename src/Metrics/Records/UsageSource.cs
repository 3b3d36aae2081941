namespace SpeedKings.Bench.Metrics.Records;

/// <summary>Where a request's token counts came from; estimated counts are marked wherever they are shown.</summary>
public enum UsageSource
{
    /// <summary>The provider's own usage report.</summary>
    Reported,

    /// <summary>Counted by the client with a real tokenizer (o200k_base) because the provider reported nothing.</summary>
    Estimated,
}
