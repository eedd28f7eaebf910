using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using SocketIo.Admin.Tests.Infrastructure;

namespace SocketIo.Admin.Tests;

/// <summary>
/// The real dashboard: the built files of the pinned @socket.io/admin-ui 0.5.1 package, served from their own loopback
/// origin as https://admin.socket.io serves them, open in headless Chromium. It logs in to our server through its
/// connection form and shows our namespaces, sockets and server.
/// </summary>
public sealed class AdminDashboardBrowserTests
{
    private const int ClientCount = 3;

    [Fact]
    public async Task TheDashboard_LogsInAndShowsTheSocketCountTheSocketListAndTheServer()
    {
        await using var files = await StartStaticServerAsync(Path.Combine(Dashboard.Directory, "node_modules", "@socket.io", "admin-ui", "ui", "dist"));
        var dashboardUrl = files.Urls.Single();
        // The page's origin is another than the server's: CORS with credentials, as the dashboard connects withCredentials.
        await using var server = await AdminServer.StartAsync(corsOrigin: dashboardUrl);
        await using var driver = Dashboard.Start();
        var ids = new List<string>();
        for (var i = 0; i < ClientCount; i++)
        {
            ids.Add(await driver.ConnectedAsync("c" + i, server.Url(), transports: ["websocket"]));
        }

        var (exitCode, stdout, stderr) = await RunAsync("browser.mjs",
            [dashboardUrl, server.BaseAddress.ToString().TrimEnd('/'), "/socket.io", AdminServer.Username, AdminServer.Password, ClientCount.ToString(System.Globalization.CultureInfo.InvariantCulture), .. ids]);

        Assert.True(exitCode == 0, $"browser.mjs exited with {exitCode}{Environment.NewLine}{stdout}{Environment.NewLine}{stderr}{Environment.NewLine}{server.Logs.Dump()}");
        var result = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single(l => l.Contains("\"dashboard\"", StringComparison.Ordinal))).RootElement;
        Assert.Equal(ClientCount, result.GetProperty("namespaceCount").GetInt32());
        Assert.Equal(ids.Order(), result.GetProperty("socketIds").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Contains((ClientCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), result.GetProperty("serverClients").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    private static async Task<WebApplication> StartStaticServerAsync(string root)
    {
        Assert.True(File.Exists(Path.Combine(root, "index.html")), $"The dashboard's files are missing at {root}: run `npm ci --prefix tests/SocketIo.Admin.Tests/dashboard`.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = provider });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = provider });
        await app.StartAsync().DefaultTimeout();
        return app;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string script, IEnumerable<string> args)
    {
        using var process = new Process { StartInfo = NodeScript.CreateStartInfo(Dashboard.Directory, script, args) };
        NodeScript.Start(process);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var cts = new CancellationTokenSource(NodeScript.RunTimeout))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return (process.ExitCode, await stdout.WaitAsync(TimeSpan.FromSeconds(10)), await stderr.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
