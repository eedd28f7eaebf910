namespace ScriptService.Tests.Cluster.Infrastructure;

/// <summary>
/// The tests that run the deployment recipe: each starts Redis, three nodes and HAProxy, so they run one at a time and
/// apart from the other tests of the project (the machine's cores are few).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterTestsAlone
{
    public const string Name = "Cluster";
}
