namespace SpeedKings.Bench.Metrics.Data;

/// <summary>
/// A data file (providers, prices, prompts) that cannot be used. The message is one sentence naming the file, the
/// place in it and what was expected, so the command line can print it as it is and exit.
/// </summary>
internal sealed class DataFileException : Exception
{
    public DataFileException(string message) : base(message) { }

    public DataFileException(string message, Exception innerException) : base(message, innerException) { }

    public DataFileException() { }
}
