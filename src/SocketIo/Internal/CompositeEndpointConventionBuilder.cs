using Microsoft.AspNetCore.Builder;

namespace SocketIo.Internal;

/// <summary>Applies each convention to several endpoints' builders: all that <c>MapSocketIo</c> mapped.</summary>
internal sealed class CompositeEndpointConventionBuilder(IEndpointConventionBuilder[] builders) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in builders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
