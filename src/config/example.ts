/** The commented config `logwarden init` writes. A test checks that it validates. */
export const EXAMPLE_CONFIG = `# logwarden configuration. Every key is optional; \`logwarden check\` validates this file.
# Paths are relative to this file's folder.

# Where alerts, reports, history and state are kept.
dataDir: ./logwarden-data

# Time zone (IANA name) for log lines that carry no offset (syslog, error logs).
# Default: the system's zone.
timezone: Europe/Berlin

# Reverse proxies / load balancers whose X-Forwarded-For header is believed.
# The client is the right-most address in X-Forwarded-For that is not listed here.
trustedProxies:
  - 127.0.0.1
  - 10.0.0.0/8

# Custom access-log formats, referenced by name from inputs[].format.
formats:
  # nginx: paste the log_format string from nginx.conf.
  nginx_main_timed:
    nginx: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time'
  # Apache: paste the LogFormat string from httpd.conf.
  apache_timed:
    apache: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D'
  # JSON lines: map event fields to (dotted) JSON keys.
  app_json:
    json:
      ts: time
      ip: remote_addr
      method: request_method
      path: request_uri
      status: status
      bytes: body_bytes_sent
      ua: http_user_agent

# Logs to read when no path is given on the command line. path: file, directory or glob.
# format: detected from the first lines when omitted (see \`logwarden explain\`).
inputs:
  - path: /var/log/nginx/access.log*
    host: web1
  - path: /var/log/auth.log*
    format: syslog

# How long the history keeps events and alerts (docs/history.md), and the rotated raw logs
# that \`collect\` keeps under <dataDir>/access_logs/.
history:
  retainDays: 90
alerts:
  retainDays: 400
rawLogs:
  compressAfterDays: 7
  removeAfterDays: 90

# Who hears of alerts (docs/notifications.md). Without channels, what would have been
# emailed is written to <dataDir>/outbox/unconfigured/ as .eml files.
# An incident is told when it opens and again when its severity rises or its count grows
# tenfold; past rate.perHour messages, alerts wait for one digest (a critical never waits).
# notify:
#   channels:
#     - name: ops-mail
#       type: email
#       host: smtp.gmail.com
#       port: 587                     # 465 for implicit TLS
#       security: starttls            # tls | starttls (default) | none
#       user: alerts@example.org
#       password: env:SMTP_PASSWORD   # or file:/etc/logwarden/smtp-password
#       from: logwarden <alerts@example.org>
#       to:
#         medium: [it@example.org]
#         critical: [director@example.org]
#       minSeverity: medium
#       rate: { perHour: 10, digestEvery: 1h }
#     - name: slack
#       type: webhook
#       format: slack                 # json | slack | teams
#       url: env:SLACK_WEBHOOK_URL
#       minSeverity: high
#     - name: siem
#       type: syslog
#       host: siem.example.org
#       protocol: tls                 # udp | tcp | tls
#       port: 6514
#       format: cef                   # json | cef
#     - name: ban
#       type: command
#       command: [/usr/local/sbin/logwarden-ban]
#       categories: [brute-force]
#       timeout: 30s
`;
