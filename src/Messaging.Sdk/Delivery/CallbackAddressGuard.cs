using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Messaging.Sdk;

/// <summary>
/// Keeps delivery-report callbacks away from the host's own network. A callback URL comes from whoever sent the
/// message (an Ozeki <c>DeliveryReportURL</c>, a web form), so without this a POST could reach loopback services,
/// the LAN or a cloud metadata endpoint. The destination is vetted twice: the URL before the request
/// (<see cref="CheckUrl"/>: scheme, user-info, literal addresses) and every resolved address at connect time
/// (<see cref="ConnectAsync"/>), which then connects to the vetted address itself so a DNS answer that changes
/// between the check and the connect (rebinding) cannot swap it.
/// </summary>
internal sealed class CallbackAddressGuard
{
    // Ranges no callback may reach unless allow-listed: "this network", private (RFC 1918), CGNAT (also Alibaba's
    // metadata 100.100.100.200), loopback, link-local (169.254.169.254: AWS/GCP/Azure metadata), IETF protocol
    // assignments (192.0.0.192: Oracle metadata), benchmarking, multicast, reserved and broadcast; for IPv6 the
    // unspecified and loopback addresses, local-use NAT64, discard-only, unique-local (fd00:ec2::254: AWS metadata), link-local, the old
    // site-local and multicast. IPv4 embedded in IPv6 (mapped, compatible, NAT64, 6to4) is unwrapped first.
    private static readonly IPNetwork[] Refused =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");

    private readonly HashSet<string> _hosts;
    private readonly IPNetwork[] _networks;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <param name="options">The allow-lists.</param>
    /// <param name="resolve">Resolves a host name; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> unless a test stands in for DNS.</param>
    public CallbackAddressGuard(DeliveryReportOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        _hosts = new HashSet<string>(options.AllowedCallbackHosts.Select(NormalizeHost), StringComparer.OrdinalIgnoreCase);
        _networks = [.. options.AllowedCallbackNetworks.Select(n => TryParseNetwork(n, out var network) ? network : throw new ArgumentException($"'{n}' is not a CIDR network or an IP address.", nameof(options)))];
    }

    /// <summary>Whether <paramref name="address"/> lies in a range callbacks are refused (loopback, private, link-local, metadata, multicast ...).</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var unwrapped = Unwrap(address);
        if (unwrapped.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        foreach (var network in Refused)
        {
            if (network.Contains(unwrapped))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses an allow-list entry: a CIDR network (<c>10.1.0.0/16</c>, <c>fd00::/8</c>) or a single address.</summary>
    public static bool TryParseNetwork(string? value, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (IPNetwork.TryParse(value.Trim(), out network))
        {
            return true;
        }

        if (IPAddress.TryParse(value.Trim(), out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    /// <summary>Whether an allow-list host entry is a host name that a URL can carry.</summary>
    public static bool IsValidHostEntry(string? value)
        => !string.IsNullOrWhiteSpace(value) && Uri.CheckHostName(NormalizeHost(value)) == UriHostNameType.Dns;

    /// <summary>Whether a connection to <paramref name="address"/> is allowed: outside the refused ranges, or inside an allow-listed network.</summary>
    public bool IsPermitted(IPAddress address)
    {
        var unwrapped = Unwrap(address);
        foreach (var network in _networks)
        {
            if (network.Contains(unwrapped) || network.Contains(address))
            {
                return true;
            }
        }

        return !IsInternal(address);
    }

    /// <summary>Checks a callback URL before anything is sent; the connect-time check still follows for names.</summary>
    /// <returns>Why the URL is refused, or <see langword="null"/> when it may be tried.</returns>
    public string? CheckUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return "only absolute http and https URLs are called";
        }

        if (url.UserInfo.Length > 0)
        {
            return "the URL carries user-info";
        }

        var host = NormalizeHost(url.Host);
        if (IPAddress.TryParse(host, out var address))
        {
            return IsPermitted(address) ? null : "the address is internal and not allow-listed";
        }

        return null;
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the name, keeps only permitted addresses and connects to one of them.</summary>
    /// <exception cref="CallbackRefusedException">No address of the host may be reached.</exception>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endPoint = context.DnsEndPoint;
        var host = NormalizeHost(endPoint.Host);
        IPAddress[] resolved = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await _resolve(host, cancellationToken).ConfigureAwait(false);

        // An allow-listed name may resolve to an internal address (that is why it was listed); any other name
        // is reduced to its permitted addresses, so one public A record next to a private one cannot smuggle it in.
        var nameAllowed = _hosts.Contains(host);
        var permitted = resolved.Where(a => nameAllowed || IsPermitted(a)).ToArray();
        if (permitted.Length == 0)
        {
            throw new CallbackRefusedException(resolved.Length == 0
                ? "the host name did not resolve"
                : "every address of the host is internal and not allow-listed");
        }

        Exception? last = null;
        foreach (var address in permitted)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new IOException("No address of the callback host accepted the connection.", last);
    }

    /// <summary>The primary handler of the callback client: the guard at connect time, no redirects, no proxy, bounded headers.</summary>
    /// <exception cref="ArgumentException">An allow-list entry does not parse (the options validator reports it at start).</exception>
    public static SocketsHttpHandler CreateHandler(DeliveryReportOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var guard = new CallbackAddressGuard(options, resolve);
        return new SocketsHttpHandler
        {
            ConnectCallback = guard.ConnectAsync,

            // A redirect would send the next request to wherever the callback server points, past the URL check.
            AllowAutoRedirect = false,

            // Through a proxy the guard would vet the proxy's address, and the proxy would reach the target.
            UseProxy = false,
            UseCookies = false,
            MaxResponseHeadersLength = 16,
            MaxResponseDrainSize = options.MaxCallbackResponseBytes,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) is a refusal by the guard.</summary>
    public static bool IsRefusal(Exception? exception, out string reason)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is CallbackRefusedException refused)
            {
                reason = refused.Message;
                return true;
            }
        }

        reason = string.Empty;
        return false;
    }

    private static string NormalizeHost(string host)
    {
        var trimmed = host.Trim();
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
        {
            trimmed = trimmed[1..^1];
        }

        return trimmed.TrimEnd('.');
    }

    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        if (Nat64.Contains(address) || (Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback)))
        {
            return new IPAddress(bytes[12..]);
        }

        if (SixToFour.Contains(address))
        {
            return new IPAddress(bytes[2..6]);
        }

        return address;
    }
}

/// <summary>A callback destination the guard does not let the dispatcher reach.</summary>
internal sealed class CallbackRefusedException(string reason) : Exception(reason);
