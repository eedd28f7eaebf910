namespace ScriptService;

/// <summary>Whether the service is draining (the host is stopping): new work is refused from then on.</summary>
internal sealed class ServiceState : IDisposable
{
    private readonly CancellationTokenSource _draining = new();

    public ServiceState(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.Register(BeginDraining);

    public bool IsDraining => _draining.IsCancellationRequested;

    /// <summary>Fires when draining begins.</summary>
    public CancellationToken Draining => _draining.Token;

    /// <summary>
    /// Starts draining. The workers call it first thing in the host's stopping phase, which runs before
    /// ApplicationStopping fires and while Kestrel still answers.
    /// </summary>
    public void BeginDraining()
    {
        try
        {
            _draining.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _draining.Dispose();
}
