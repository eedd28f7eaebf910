using System.IO.Pipelines;

namespace EngineIo.WebSockets;

/// <summary>A connection's transport with its reader replaced (see <see cref="ResumingPipeReader"/>).</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
