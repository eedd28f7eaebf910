using System.Diagnostics.Metrics;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EngineIo.Tests.Infrastructure;

/// <summary>
/// An <see cref="EngineIoServer"/> without a host, for the tests that drive one of its parts directly (the dense path's
/// upgrade parser, the timer list, a session's life): sessions go to a <see cref="RecordingHandler"/>, logs nowhere.
/// </summary>
internal static class HostlessServer
{
    /// <summary>A server whose metrics come from <paramref name="services"/>' meter factory (<c>AddMetrics()</c>).</summary>
    public static EngineIoServer Create(IServiceProvider services, EngineIoOptions? options = null, TimeProvider? timeProvider = null, RecordingHandler? handler = null) =>
        new(
            options ?? new EngineIoOptions(),
            handler ?? new RecordingHandler(),
            timeProvider ?? TimeProvider.System,
            NullLogger.Instance,
            new EngineIoMetrics(services.GetRequiredService<IMeterFactory>()));
}
