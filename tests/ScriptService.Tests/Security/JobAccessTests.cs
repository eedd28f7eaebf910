using System.Security.Claims;
using ScriptService.Jobs;
using ScriptService.Security;

namespace ScriptService.Tests.Security;

/// <summary>The one job-access rule: a caller's job id names a job among its own user's jobs.</summary>
public sealed class JobAccessTests
{
    [Fact]
    public void Key_UserOfTheScheme_IsTheUsersOwnJob()
    {
        var user = ScriptAuthentication.Principal("user:alice");
        Assert.Equal(new JobKey("user:alice", "job-1"), JobAccess.Key(user, "job-1"));
        Assert.Equal(JobAccess.Key("user:alice", "job-1"), JobAccess.Key(user, "job-1"));
    }

    [Fact]
    public void Key_TwoUsersSameId_AreTwoJobs()
    {
        Assert.NotEqual(JobAccess.Key(ScriptAuthentication.Principal("user:alice"), "job-1"), JobAccess.Key(ScriptAuthentication.Principal("user:bob"), "job-1"));
    }

    [Fact]
    public void Key_Anonymous_HasNoOwner()
    {
        Assert.Equal(new JobKey(null, "job-1"), JobAccess.Key(new ClaimsPrincipal(new ClaimsIdentity()), "job-1"));
    }

    [Fact]
    public void Key_PrincipalOfAnotherScheme_HasNoOwner()
    {
        // A name claim from another scheme (a cookie, the admin UI) must not pass for one of the service's users.
        var other = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "user:alice")], "Cookies"));
        Assert.Equal(new JobKey(null, "job-1"), JobAccess.Key(other, "job-1"));
    }
}
