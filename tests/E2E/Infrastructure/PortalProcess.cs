using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>
/// The portal as a person starts it: a separate process from a command line, in a working folder of its own, in the
/// default environment (no ASPNETCORE_ENVIRONMENT, none of the test host's settings). Its standard output and error are
/// kept, so the test reads the admin password the first start prints, and shows everything when the start fails.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    /// <summary>The first <c>dotnet run</c> builds the portal on a shared two-core machine: allow it minutes.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    /// <summary>What a test host or an IDE sets that a person's shell does not: removed so the process sees a user's environment.</summary>
    private static readonly string[] HostVariablePrefixes = ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "MSBUILD", "MSBuild", "VSTEST", "TESTINGPLATFORM"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process, Uri baseAddress, string workingDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        WorkingDirectory = workingDirectory;
    }

    public Uri BaseAddress { get; }

    /// <summary>The folder the command runs in, as a user's shell would be; relative paths of the portal resolve against it.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Everything the process wrote so far, standard output and error interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> and waits
    /// until the portal at <paramref name="baseAddress"/> answers its liveness check.
    /// </summary>
    public static async Task<PortalProcess> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, Uri baseAddress)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        UseUserEnvironment(start);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var portal = new PortalProcess(process, baseAddress, workingDirectory);
        process.OutputDataReceived += (_, line) => portal.Append(line.Data);
        process.ErrorDataReceived += (_, line) => portal.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await portal.WaitUntilLiveAsync();
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }

        return portal;
    }

    /// <summary>Removes what the test host set from the environment a child process inherits.</summary>
    public static void UseUserEnvironment(ProcessStartInfo start)
    {
        foreach (var name in start.Environment.Keys.Where(name => HostVariablePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))).ToList())
        {
            start.Environment.Remove(name);
        }
    }

    /// <summary>The generated admin password that the first start prints on its own line, apart from the log stream.</summary>
    public string AdminPassword()
    {
        var match = PrintedPassword().Match(Output);
        Assert.True(match.Success, $"The portal printed no generated admin password. It printed:\n{Output}");
        return match.Groups["password"].Value;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, as a crash or the kernel's out-of-memory killer ends it: nothing of the portal runs after it.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGTERM, as a service manager or <c>docker stop</c> stops it; returns the exit code once it has exited, or throws
    /// when it is still running after <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await SendTerminateAsync();
        return await WaitForExitAsync(timeout);
    }

    /// <summary>The exit code once the process has exited; throws when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var waiting = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(waiting.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The portal did not exit within {timeout}. It printed:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM and returns at once, while the process shuts down.</summary>
    public async Task SendTerminateAsync()
    {
        using var kill = Process.Start("kill", ["-s", "TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilLiveAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {_process.ExitCode} before it answered. It printed:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Still building or starting.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The portal at {BaseAddress} did not answer within {StartTimeout}. It printed:\n{Output}");
    }

    [GeneratedRegex(@"^\s*Password of 'admin': (?<password>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PrintedPassword();
}
