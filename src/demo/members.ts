import { Random, randomFor } from './random.js';
import { DESKTOP_AGENTS, MOBILE_AGENTS } from './site.js';

/**
 * The people behind the demo's normal traffic: ~900 members of the portal, each with a home
 * address, some with a mobile one, and three carrier-NAT exits that many members share.
 */

export interface Member {
  readonly username: string;
  readonly home: string;
  /** Absent for members who only ever log in from home. */
  readonly mobile?: string;
  /** True when `mobile` is one of the carrier-NAT exits. */
  readonly behindNat: boolean;
  readonly desktopAgent: string;
  readonly mobileAgent: string;
}

export const MEMBER_COUNT = 900;
/** Mobile CGNAT exits: each is the mobile address of about 25 members. */
export const NAT_ADDRESSES = ['109.40.241.17', '176.6.128.44', '80.187.96.12'] as const;
const MEMBERS_PER_NAT = 25;
const MOBILE_SHARE = 0.3;
const IPV6_HOME_SHARE = 0.08;

/** First octets of residential (DSL/cable) addresses: members and anonymous visitors. */
const RESIDENTIAL_OCTETS = [37, 46, 78, 79, 84, 87, 91, 93, 94, 95] as const;
/** First octets of the members' own mobile addresses (not the shared NAT exits). */
const MOBILE_OCTETS = [109, 176, 188] as const;
const IPV6_HOME_PREFIXES = ['2a02:8108', '2a02:810d', '2003:e2', '2a01:c22'] as const;

const FIRST_NAMES = (
  'maria anna lena sarah julia laura lisa katharina sophie emma fatma ayse elif zeynep amina leila ' +
  'nadia olga irina kasia agnieszka ewa marta chiara giulia ines lucia ngozi chioma adaeze thomas ' +
  'michael andreas stefan markus jan lukas felix jonas tim mehmet ahmet emre murat ali omar yusuf ' +
  'karim hassan samir piotr tomasz pawel dmitri sergei ivan marco luca pedro diego chinedu emeka ' +
  'tunde kwame kofi daniel david peter paul john mary grace joy hannah nina vera rosa eva tanja ' +
  'sabine'
).split(' ');

const LAST_NAMES = (
  'schmidt mueller schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein ' +
  'wolf neumann schwarz zimmermann braun krueger hofmann hartmann lange schmitt werner krause ' +
  'meier lehmann schmid schulze maier yilmaz kaya demir sahin celik yildiz aydin ozturk arslan ' +
  'dogan kowalski nowak wisniewski wojcik kaminski lewandowski zielinski szymanski ivanov petrov ' +
  'okafor adeyemi okonkwo eze nwosu mensah boateng owusu diallo traore rossi russo ferrari ' +
  'esposito bianchi romano garcia fernandez lopez martinez haddad khalil nasser saleh mansour ' +
  'rahman hussain khan ahmed ali obrien murphy kelly walsh smith jones brown taylor nguyen tran ' +
  'popescu ionescu horvat novak kovacs nagy silva santos costa pereira'
).split(' ');

function octet(random: Random): number {
  return random.int(0, 255);
}

/** A public-looking IPv4 address under one of `firstOctets` (host part never .0 or .255). */
function addressIn(random: Random, firstOctets: readonly number[]): string {
  return `${random.pick(firstOctets)}.${octet(random)}.${octet(random)}.${random.int(1, 254)}`;
}

/** A residential IPv6 address (privacy-extension interface id) under one of the ISP prefixes. */
export function ipv6Home(random: Random): string {
  const group = (): string => random.int(0, 0xffff).toString(16);
  const prefix = random.pick(IPV6_HOME_PREFIXES);
  const groups = 8 - prefix.split(':').length;
  const rest: string[] = [];
  for (let i = 0; i < groups; i++) rest.push(group());
  return `${prefix}:${rest.join(':')}`;
}

/** A fresh residential address (IPv6 for a share of them) for anonymous visitors. */
export function visitorAddress(random: Random): string {
  return random.chance(IPV6_HOME_SHARE) ? ipv6Home(random) : addressIn(random, RESIDENTIAL_OCTETS);
}

function username(random: Random): string {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const form = random.next();
  if (form < 0.55) return `${first}.${last}`;
  if (form < 0.85) return `${first.charAt(0)}.${last}`;
  if (form < 0.9) return `${first}${last}`;
  return `${first}.${last}${random.int(2, 99)}`;
}

/** The member roster of a seed: the same seed gives the same members, addresses and devices. */
export function buildMembers(seed: number): Member[] {
  const random = randomFor(seed, 'members');
  const usernames = new Set<string>();
  const addresses = new Set<string>(NAT_ADDRESSES);
  const unique = (make: () => string, taken: Set<string>): string => {
    for (;;) {
      const value = make();
      if (!taken.has(value)) {
        taken.add(value);
        return value;
      }
    }
  };
  const members: Member[] = [];
  for (let i = 0; i < MEMBER_COUNT; i++) {
    const name = unique(() => username(random), usernames);
    const home = unique(
      () => (random.chance(IPV6_HOME_SHARE) ? ipv6Home(random) : addressIn(random, RESIDENTIAL_OCTETS)),
      addresses,
    );
    const natIndex = Math.floor(i / MEMBERS_PER_NAT);
    const nat = NAT_ADDRESSES[natIndex];
    let mobile: string | undefined;
    if (nat !== undefined) mobile = nat;
    else if (
      random.chance((MOBILE_SHARE * MEMBER_COUNT - NAT_ADDRESSES.length * MEMBERS_PER_NAT) / MEMBER_COUNT)
    )
      mobile = unique(() => addressIn(random, MOBILE_OCTETS), addresses);
    members.push({
      username: name,
      home,
      ...(mobile !== undefined && { mobile }),
      behindNat: nat !== undefined,
      desktopAgent: random.pick(DESKTOP_AGENTS),
      mobileAgent: random.pick(MOBILE_AGENTS),
    });
  }
  // Shuffle so NAT members are not the first ones in every loop.
  return random.sample(members, members.length);
}
