namespace SpeedKings.Bench.Calibration;

/// <summary>A streaming client whose timing is checked against the loopback's ground truth.</summary>
internal interface ICalibratedClient : IDisposable
{
    string Name { get; }

    /// <summary>Streams one completion from the loopback; never throws for a failed request (it is recorded).</summary>
    Task<ClientObservation> StreamAsync(CancellationToken cancellationToken);
}
