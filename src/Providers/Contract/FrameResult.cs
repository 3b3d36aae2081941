namespace SpeedKings.Bench.Providers.Contract;

/// <summary>What the stream reader should do after a frame.</summary>
public enum FrameResult
{
    /// <summary>Keep reading.</summary>
    Continue,

    /// <summary>The wire format's own end marker (<c>[DONE]</c>, <c>message_stop</c>…): stop reading.</summary>
    EndOfStream,
}
