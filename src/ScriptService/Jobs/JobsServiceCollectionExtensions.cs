using Microsoft.Extensions.Options;
using ScriptService.Jobs.Redis;
using ScriptService.Jobs.Sqlite;

namespace ScriptService.Jobs;

/// <summary>Composes Jobs: storing, queueing and running jobs.</summary>
internal static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The job intake, the workers and the start-up recovery, on the embedded storage (<see cref="AddSqliteJobStorage"/>),
    /// or on Redis, shared with other nodes, when <c>ScriptService:Redis:Configuration</c> is set
    /// (<see cref="RedisJobsServiceCollectionExtensions.AddRedisJobStorage"/>). Jobs publish through
    /// <see cref="IJobEvents"/>, which the host registers (Realtime's delivery).
    /// </summary>
    public static IServiceCollection AddScriptJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StoreRetry>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobIntake>();
        if (RedisJobsServiceCollectionExtensions.IsRedisMode(configuration))
        {
            services.AddRedisJobStorage(configuration);
        }
        else
        {
            services.AddSqliteJobStorage(configuration);
        }

        services.AddHostedService<JobRecoveryService>();
        services.AddHostedService<JobWorkerService>();
        return services;
    }

    /// <summary>
    /// The single-process storage: the SQLite job store (section <see cref="JobStoreOptions.SectionName"/>), its purge,
    /// and the in-process queue, which the store's unfinished jobs refill at start.
    /// </summary>
    public static IServiceCollection AddSqliteJobStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobStoreOptions>().Bind(configuration.GetSection(JobStoreOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobStoreOptions>, JobStoreOptionsValidator>();
        services.AddSingleton<IJobStore, SqliteJobStore>();
        services.AddSingleton<IJobQueue, InProcessJobQueue>();
        services.AddHostedService<JobPurgeService>();
        return services;
    }
}
