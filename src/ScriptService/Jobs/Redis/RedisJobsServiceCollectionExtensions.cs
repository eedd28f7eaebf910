using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;
using ScriptService.Jobs.Sqlite;

namespace ScriptService.Jobs.Redis;

/// <summary>Composes the Redis mode's job storage.</summary>
internal static class RedisJobsServiceCollectionExtensions
{
    /// <summary>
    /// The shared storage of the Redis mode (section <see cref="RedisJobOptions.SectionName"/>): the job store and the
    /// queue in Redis, the queue's heartbeat and takeover. <see cref="JobStoreOptions"/> still give the retention and
    /// the workers' retry backoff.
    /// </summary>
    public static IServiceCollection AddRedisJobStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisJobOptions>().Bind(configuration.GetSection(RedisJobOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisJobOptions>, RedisJobOptionsValidator>();
        services.AddOptions<JobStoreOptions>().Bind(configuration.GetSection(JobStoreOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobStoreOptions>, JobStoreOptionsValidator>();
        services.AddSingleton<RedisJobMetrics>();
        services.AddSingleton<RedisJobConnection>();
        services.AddSingleton<RedisJobStore>();
        services.AddSingleton<IJobStore>(static provider => provider.GetRequiredService<RedisJobStore>());
        services.AddSingleton<RedisJobQueue>();
        services.AddSingleton<IJobQueue>(static provider => provider.GetRequiredService<RedisJobQueue>());
        services.AddHostedService(static provider => provider.GetRequiredService<RedisJobQueue>());
        return services;
    }

    /// <summary>Whether the configuration turns the Redis mode on (<see cref="RedisJobOptions.Configuration"/> set).</summary>
    public static bool IsRedisMode(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[RedisJobOptions.SectionName + ":" + nameof(RedisJobOptions.Configuration)]);
}
