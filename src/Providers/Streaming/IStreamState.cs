namespace SpeedKings.Bench.Providers.Streaming;

/// <summary>Per-response memory of a wire format, kept by the capture and reset before each request.</summary>
public interface IStreamState
{
    void Reset();
}
