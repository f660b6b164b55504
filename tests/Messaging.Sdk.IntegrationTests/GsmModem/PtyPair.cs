using System.Diagnostics;

namespace Messaging.Sdk.IntegrationTests.GsmModem;

/// <summary>A pseudo-terminal pair made by socat: two device paths joined like a null-modem cable. Killed on dispose.</summary>
internal sealed class PtyPair : IDisposable
{
    private readonly Process _socat;
    private readonly string _dir;

    private PtyPair(Process socat, string dir, string a, string b)
    {
        _socat = socat;
        _dir = dir;
        PathA = a;
        PathB = b;
    }

    public string PathA { get; }

    public string PathB { get; }

    public static async Task<PtyPair> CreateAsync()
    {
        var socatPath = new[] { "/usr/bin/socat", "/usr/local/bin/socat", "/bin/socat" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("socat is not installed: run ./test.sh (tests/peers/modem/setup.sh installs it with apt-get).");
        var dir = Directory.CreateTempSubdirectory("modem-pty-").FullName;
        var a = Path.Combine(dir, "a");
        var b = Path.Combine(dir, "b");
        var start = new ProcessStartInfo(socatPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-d", "-d", $"pty,raw,echo=0,link={a}", $"pty,raw,echo=0,link={b}" })
        {
            start.ArgumentList.Add(arg);
        }

        var socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start.");
        socat.ErrorDataReceived += (_, _) => { };
        socat.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(File.Exists(a) && File.Exists(b)))
        {
            if (socat.HasExited || cts.IsCancellationRequested)
            {
                Kill(socat);
                throw new InvalidOperationException($"socat did not create the pty pair within 10 s (exit code {(socat.HasExited ? socat.ExitCode : -1)}).");
            }

            await Task.Delay(20);
        }

        return new PtyPair(socat, dir, a, b);
    }

    public void Dispose()
    {
        Kill(_socat);
        _socat.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }
}
