/**
 * Paths that scanners request to find leaked secrets, admin panels, debug endpoints and known
 * exploitable software. A request for one is a probe whatever the answer; a 200 is worse. Add an
 * entry with the reason a reviewer needs; sites that really serve one allow it in their config.
 */

export type SensitivePathGroup = 'secret' | 'admin' | 'info' | 'exploit';

export interface SensitivePath {
  /**
   * Matched case-insensitively on the decoded path, query ignored. Ending in `/`: the folder and
   * everything under it. Otherwise: exactly this path, or anything under it (`/pma/index.php`).
   */
  readonly path: string;
  readonly group: SensitivePathGroup;
  readonly reason: string;
}

const entry = (path: string, group: SensitivePathGroup, reason: string): SensitivePath => ({
  path,
  group,
  reason,
});

export const SENSITIVE_PATHS: readonly SensitivePath[] = [
  // Secrets: files that hold credentials or source.
  entry('/.env', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.local', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.production', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.prod', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.development', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.dev', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.staging', 'secret', 'dotenv file: database passwords and API keys'),
  entry('/.env.bak', 'secret', 'backup of a dotenv file'),
  entry('/.env.backup', 'secret', 'backup of a dotenv file'),
  entry('/.env.old', 'secret', 'backup of a dotenv file'),
  entry('/.env.save', 'secret', 'editor backup of a dotenv file'),
  entry('/.git/config', 'secret', 'git remote URLs, sometimes with credentials'),
  entry('/.git/HEAD', 'secret', 'first step of dumping a deployed git repository'),
  entry('/.git/', 'secret', 'git metadata: the whole source history can be downloaded'),
  entry('/.git-credentials', 'secret', 'git credential store in plain text'),
  entry('/.svn/entries', 'secret', 'Subversion metadata: file list and source'),
  entry('/.svn/wc.db', 'secret', 'Subversion working-copy database'),
  entry('/.svn/', 'secret', 'Subversion metadata'),
  entry('/.hg/', 'secret', 'Mercurial metadata: the whole source history'),
  entry('/.aws/credentials', 'secret', 'AWS access keys'),
  entry('/.aws/config', 'secret', 'AWS configuration'),
  entry('/.ssh/id_rsa', 'secret', 'SSH private key'),
  entry('/.ssh/', 'secret', 'SSH keys and authorized_keys'),
  entry('/id_rsa', 'secret', 'SSH private key left in the web root'),
  entry('/.htpasswd', 'secret', 'Apache basic-auth password hashes'),
  entry('/.htaccess', 'secret', 'Apache per-directory configuration'),
  entry('/.DS_Store', 'secret', 'macOS folder index: lists files in the directory'),
  entry('/.npmrc', 'secret', 'npm registry tokens'),
  entry('/.docker/config.json', 'secret', 'Docker registry credentials'),
  entry('/.kube/config', 'secret', 'Kubernetes cluster credentials'),
  entry('/.bash_history', 'secret', 'shell history: commands, sometimes passwords'),
  entry('/.pgpass', 'secret', 'PostgreSQL passwords'),
  entry('/.my.cnf', 'secret', 'MySQL client passwords'),
  entry('/.vscode/sftp.json', 'secret', 'VS Code SFTP extension config with server passwords'),
  entry('/sftp-config.json', 'secret', 'Sublime SFTP config with server passwords'),
  entry('/docker-compose.yml', 'secret', 'service definitions, often with passwords'),
  entry('/docker-compose.yaml', 'secret', 'service definitions, often with passwords'),
  entry('/config.php.bak', 'secret', 'backup of a PHP config: served as text, with passwords'),
  entry('/wp-config.php', 'secret', 'WordPress database credentials (probed for misconfigured PHP)'),
  entry('/wp-config.php.bak', 'secret', 'backup of wp-config.php, served as text'),
  entry('/wp-config.php.old', 'secret', 'backup of wp-config.php, served as text'),
  entry('/wp-config.php.save', 'secret', 'editor backup of wp-config.php, served as text'),
  entry('/wp-config.php~', 'secret', 'editor backup of wp-config.php, served as text'),
  entry('/web.config', 'secret', 'IIS/ASP.NET configuration with connection strings'),
  entry('/backup.sql', 'secret', 'database dump'),
  entry('/dump.sql', 'secret', 'database dump'),
  entry('/database.sql', 'secret', 'database dump'),
  entry('/db.sql', 'secret', 'database dump'),
  entry('/backup.zip', 'secret', 'site backup archive'),
  entry('/backup.tar.gz', 'secret', 'site backup archive'),

  // Admin panels and logins.
  entry('/phpmyadmin', 'admin', 'phpMyAdmin database console'),
  entry('/pma', 'admin', 'phpMyAdmin under its short name'),
  entry('/myadmin', 'admin', 'phpMyAdmin under a common alias'),
  entry('/mysqladmin', 'admin', 'phpMyAdmin under a common alias'),
  entry('/adminer.php', 'admin', 'Adminer single-file database console'),
  entry('/adminer', 'admin', 'Adminer database console'),
  entry('/wp-login.php', 'admin', 'WordPress login (password spraying)'),
  entry('/wp-admin', 'admin', 'WordPress admin'),
  entry('/xmlrpc.php', 'admin', 'WordPress XML-RPC: multicall password brute force'),
  entry('/administrator/', 'admin', 'Joomla administrator login'),
  entry('/manager/html', 'admin', 'Tomcat manager: WAR upload means code execution'),
  entry('/host-manager/html', 'admin', 'Tomcat host manager'),
  entry('/solr/admin', 'admin', 'Apache Solr admin'),
  entry('/jenkins', 'admin', 'Jenkins: the script console runs code'),
  entry('/hudson', 'admin', 'Hudson (Jenkins predecessor) script console'),
  entry('/console', 'admin', 'WebLogic admin console'),
  entry('/jmx-console', 'admin', 'JBoss JMX console'),
  entry('/web-console', 'admin', 'JBoss web console'),

  // Server and framework information.
  entry('/server-status', 'info', 'Apache mod_status: client IPs and URLs being served'),
  entry('/server-info', 'info', 'Apache mod_info: full server configuration'),
  entry('/nginx_status', 'info', 'nginx stub_status'),
  entry('/phpinfo.php', 'info', 'phpinfo(): configuration, paths and environment'),
  entry('/phpinfo', 'info', 'phpinfo(): configuration, paths and environment'),
  entry('/info.php', 'info', 'phpinfo() under a common name'),
  entry('/actuator/env', 'info', 'Spring Boot environment: properties and secrets'),
  entry('/actuator/heapdump', 'info', 'Spring Boot heap dump: secrets in memory'),
  entry('/actuator/threaddump', 'info', 'Spring Boot thread dump'),
  entry('/actuator/configprops', 'info', 'Spring Boot configuration properties'),
  entry('/actuator/jolokia', 'info', 'Jolokia JMX bridge: can lead to code execution'),
  entry('/jolokia', 'info', 'Jolokia JMX bridge: can lead to code execution'),
  entry('/_profiler', 'info', 'Symfony profiler: requests, config and secrets'),
  entry('/_debugbar', 'info', 'Laravel Debugbar: queries and session data'),
  entry('/debug/pprof', 'info', 'Go pprof profiling endpoints'),
  entry('/telescope', 'info', 'Laravel Telescope: requests, queries and exceptions'),
  entry('/elmah.axd', 'info', 'ASP.NET error log with request details'),
  entry('/trace.axd', 'info', 'ASP.NET request trace'),

  // Known-vulnerable software and exploit kits.
  entry(
    '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
    'exploit',
    'PHPUnit eval-stdin RCE (CVE-2017-9841)',
  ),
  entry('/cgi-bin/', 'exploit', 'CGI scripts: Shellshock and Apache 2.4.49 traversal probes'),
  entry('/boaform/admin/formLogin', 'exploit', 'Boa/Realtek router login, brute-forced by IoT botnets'),
  entry('/HNAP1', 'exploit', 'D-Link HNAP interface, exploited by IoT botnets'),
  entry('/GponForm/diag_Form', 'exploit', 'GPON router command injection (CVE-2018-10561)'),
  entry('/shell', 'exploit', 'router web shell abused by Mozi-style botnets (`/shell?cd+/tmp;wget …`)'),
  entry('/.well-known/../', 'exploit', 'traversal out of the ACME challenge folder'),
  entry('/owa/auth/logon.aspx', 'exploit', 'Exchange OWA: ProxyLogon/ProxyShell reconnaissance'),
  entry('/autodiscover/autodiscover.xml', 'exploit', 'Exchange Autodiscover: ProxyShell entry point'),
  entry('/ecp/', 'exploit', 'Exchange control panel: ProxyLogon entry point'),
  entry('/remote/fgt_lang', 'exploit', 'Fortinet SSL-VPN credential leak (CVE-2018-13379)'),
  entry('/+CSCOE+/logon.html', 'exploit', 'Cisco ASA WebVPN reconnaissance'),
  entry('/vpn/../vpns/', 'exploit', 'Citrix ADC traversal (CVE-2019-19781)'),
  entry('/_ignition/execute-solution', 'exploit', 'Laravel Ignition RCE (CVE-2021-3129)'),
  entry('/ctrlt/DeviceUpgrade_1', 'exploit', 'Huawei HG532 command injection (CVE-2017-17215)'),
  entry('/setup.cgi', 'exploit', 'Netgear DGN command injection'),
  entry('/tmUnblock.cgi', 'exploit', 'Linksys E-series command injection (TheMoon worm)'),
  entry('/picsdesc.xml', 'exploit', 'Realtek SDK UPnP command injection (CVE-2014-8361)'),
  entry('/wls-wsat/', 'exploit', 'WebLogic WLS-WSAT deserialization (CVE-2017-10271)'),
  entry('/_async/', 'exploit', 'WebLogic async deserialization (CVE-2019-2725)'),
  entry('/mgmt/tm/util/bash', 'exploit', 'F5 BIG-IP iControl REST RCE (CVE-2022-1388)'),
  entry('/actuator/gateway/routes', 'exploit', 'Spring Cloud Gateway code injection (CVE-2022-22947)'),
  entry('/api/jsonws/invoke', 'exploit', 'Liferay JSON web service deserialization (CVE-2020-7961)'),
  entry('/nice ports,/Trinity.txt.bak', 'exploit', 'Nmap service-detection probe'),
];
