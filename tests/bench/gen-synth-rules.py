#!/usr/bin/env python3
"""Write tests/bench/rules-synth.yaml: 150 synthetic rules standing in for
the vendor rules of issue 10, for rulebench only (`rulebench -r FILE`).

The keywords and value shapes follow the published token prefixes that
gitleaks and Nosey Parker key their rules on (prefix rules: the token
carries its own literal), and gitleaks' vendor-name rules (name rules: the
variable's name carries the vendor, env_name anchors it). Ids start with
synth- so they never collide with the built-in set. Examples are random
values of the right shape (fixed seed), so rulebench plants them.

    python3 tests/bench/gen-synth-rules.py > tests/bench/rules-synth.yaml
"""
import random
import sys

rnd = random.Random(20240610)
AN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
LO = "abcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
B64U = AN + "_-"
SETS = {"an": (AN, "A-Za-z0-9"), "lo": (LO, "a-z0-9"), "hex": (HEX, "a-f0-9"),
        "up": (UP, "A-Z0-9"), "b64u": (B64U, "A-Za-z0-9_-"),
        "dig": ("0123456789", "0-9")}

# (vendor, prefix literal, charset, length): tokens that carry a prefix.
PREFIX = [
    ("1password-sa", "ops_eyJ", "b64u", 250), ("1password-key", "A3-", "up", 33),
    ("adobe-secret", "p8e-", "lo", 32), ("alibaba-key-id", "LTAI", "an", 20),
    ("artifactory-api", "AKCp", "an", 69), ("artifactory-ref", "cmVmd", "an", 59),
    ("atlassian-api", "ATATT3", "b64u", 186), ("bitbucket-app-pw", "ATBB", "an", 32),
    ("bitbucket-dc", "BBDC-", "b64u", 44), ("clickhouse", "4b1d", "an", 38),
    ("clojars", "CLOJARS_", "lo", 60), ("cloudflare-origin", "v1.0-", "hex", 170),
    ("cloudflare-user", "cfut_", "an", 40), ("dynatrace", "dt0c01.", "up", 24),
    ("dynatrace-s", "dt0s01.", "up", 24), ("facebook-page", "EAAB", "an", 100),
    ("flutterwave-secret", "FLWSECK_TEST-", "hex", 32),
    ("flutterwave-pub", "FLWPUBK_TEST-", "hex", 32),
    ("frameio", "fio-u-", "b64u", 64), ("gitlab-oauth-app", "gloas-", "b64u", 64),
    ("gitlab-feed", "glft-", "b64u", 20), ("gitlab-incoming", "glimt-", "lo", 25),
    ("gitlab-scim", "glsoat-", "b64u", 20), ("gitlab-feature", "glffct-", "b64u", 20),
    ("planetscale-tkn", "pscale_tkn_", "b64u", 43),
    ("planetscale-oauth", "pscale_oauth_", "b64u", 43),
    ("planetscale-pw", "pscale_pw_", "b64u", 43), ("pulumi", "pul-", "hex", 40),
    ("postman", "PMAK-", "hex", 59), ("readme", "rdme_", "lo", 70),
    ("rubygems", "rubygems_", "hex", 48), ("sourcegraph", "sgp_", "hex", 40),
    ("shopify-access", "shpat_", "hex", 32), ("shopify-custom", "shpca_", "hex", 32),
    ("shopify-private", "shppa_", "hex", 32), ("shopify-shared", "shpss_", "hex", 32),
    ("square-access", "sq0atp-", "b64u", 22), ("square-secret", "sq0csp-", "b64u", 43),
    ("square-eaaa", "EAAAE", "b64u", 59), ("linear-api", "lin_api_", "an", 40),
    ("linear-oauth", "lin_oauth_", "hex", 64), ("mapbox-secret", "sk.eyJ", "b64u", 80),
    ("mapbox-temp", "tk.eyJ", "b64u", 80), ("newrelic-insert", "NRII-", "b64u", 32),
    ("newrelic-browser", "NRJS-", "hex", 19), ("newrelic-admin", "NRAA-", "hex", 27),
    ("nuget", "oy2", "lo", 43), ("openrouter", "sk-or-v1-", "hex", 64),
    ("groq", "gsk_", "an", 52), ("replicate", "r8_", "an", 37),
    ("xai", "xai-", "an", 80), ("perplexity", "pplx-", "an", 48),
    ("nvidia", "nvapi-", "b64u", 64), ("gcp-oauth-secret", "GOCSPX-", "b64u", 28),
    ("gcp-access", "ya29.", "b64u", 120), ("doppler-personal", "dp.pt.", "an", 43),
    ("doppler-service", "dp.st.", "an", 43), ("doppler-cli", "dp.ct.", "an", 43),
    ("doppler-sa", "dp.sa.", "an", 43), ("doppler-scim", "dp.scim.", "an", 43),
    ("doppler-audit", "dp.audit.", "an", 43), ("supabase-pat", "sbp_", "hex", 40),
    ("supabase-secret", "sb_secret_", "b64u", 31), ("heroku-new", "HRKU-", "b64u", 60),
    ("netlify-pat", "nfp_", "an", 36), ("vercel-pat", "vcp_", "an", 56),
    ("vercel-int", "vci_", "an", 56), ("vercel-app", "vca_", "an", 56),
    ("flyio", "fm2_", "b64u", 100), ("flyio-macaroon", "FlyV1 ", "b64u", 100),
    ("dropbox-short", "sl.u.", "b64u", 135), ("easypost-live", "EZAK", "an", 54),
    ("easypost-test", "EZTK", "an", 54), ("shippo-live", "shippo_live_", "hex", 40),
    ("shippo-test", "shippo_test_", "hex", 40), ("stripe-pub", "pk_live_", "an", 99),
    ("stripe-whsec", "whsec_", "an", 32), ("plaid", "access-production-", "hex", 36),
    ("razorpay", "rzp_live_", "an", 14), ("braintree", "access_token$production$", "lo", 50),
    ("brevo", "xkeysib-", "hex", 81), ("mailersend", "mlsn.", "hex", 64),
    ("hubspot-pat", "pat-na1-", "hex", 36), ("scaleway", "SCW", "up", 17),
    ("tailscale-auth", "tskey-auth-", "an", 50), ("tailscale-api", "tskey-api-", "an", 50),
    ("tailscale-client", "tskey-client-", "an", 50), ("figma", "figd_", "b64u", 40),
    ("pinecone", "pcsk_", "an", 60), ("langsmith", "lsv2_pt_", "hex", 42),
    ("posthog-project", "phc_", "an", 43), ("posthog-personal", "phx_", "an", 43),
    ("notion", "ntn_", "an", 46), ("grafana-api-legacy", "eyJrIjoi", "b64u", 70),
    ("honeycomb-ingest", "hcaik_", "lo", 58), ("honeycomb-config", "hcxik_", "lo", 58),
    ("putty", "PuTTY-User-Key-File-", "an", 20), ("age-plugin", "AGE-PLUGIN-", "up", 58),
    ("prefect", "pnu_", "an", 36), ("harness", "pat.", "b64u", 60),
    ("octopus", "API-", "up", 27), ("fastly-new", "fst_", "an", 40),
    ("sendbird", "sendbird_", "hex", 40), ("typeform", "tfp_", "b64u", 59),
    ("yandex-api", "AQVN", "b64u", 35), ("yandex-iam", "t1.9euelZ", "b64u", 80),
    ("azure-sas", "SharedAccessSignature sr=", "b64u", 60),
    ("azure-appconfig", "Endpoint=https://", "lo", 20),
    ("discord-webhook", "discord.com/api/webhooks/", "dig", 18),
    ("teams-webhook", ".webhook.office.com/webhookb2/", "hex", 36),
    ("telegram-bot", "telegram", "b64u", 33), ("mailgun-public", "pubkey-", "hex", 32),
    ("ngrok", "ngrok_api_", "an", 48), ("adyen", "AQE", "b64u", 80),
    ("mongodb-atlas-sa", "mdb_sa_sk_", "an", 40), ("snyk-new", "snyk_", "an", 40),
    ("deno", "ddp_", "an", 36), ("bitwarden", "bws_", "b64u", 60),
]

# (vendor keyword, charset, length): vendor-name rules (gitleaks' style:
# the vendor's name next to the value, here the variable's name).
NAMED = [
    ("adafruit", "b64u", 32), ("airtable", "an", 17), ("algolia", "lo", 32),
    ("asana", "lo", 32), ("beamer", "b64u", 44), ("bittrex", "lo", 32),
    ("codecov", "lo", 32), ("coinbase", "b64u", 64), ("confluent", "lo", 64),
    ("contentful", "b64u", 43), ("droneci", "lo", 32), ("etsy", "lo", 24),
    ("fastly", "b64u", 32), ("finicity", "hex", 32), ("finnhub", "lo", 20),
    ("flickr", "lo", 32), ("freshbooks", "lo", 64), ("gitter", "b64u", 40),
    ("gocardless", "b64u", 40), ("hubspot", "hex", 36), ("intercom", "b64u", 60),
    ("jfrog", "lo", 73), ("kraken", "b64u", 88), ("kucoin", "hex", 24),
    ("launchdarkly", "b64u", 40), ("linkedin", "lo", 16), ("lob", "lo", 40),
    ("mailchimp", "hex", 32), ("mattermost", "lo", 26), ("messagebird", "lo", 25),
    ("nytimes", "b64u", 32), ("okta", "b64u", 42), ("plaid", "lo", 30),
    ("rapidapi", "b64u", 50), ("sidekiq", "hex", 8), ("sumologic", "an", 64),
    ("travis", "lo", 22), ("trello", "lo", 32), ("twitch", "lo", 30),
    ("twitter", "an", 45), ("zendesk", "an", 40), ("cloudflare", "b64u", 40),
    ("cohere", "an", 40), ("meraki", "hex", 40), ("freshdesk", "an", 20),
    ("pagerduty", "b64u", 20), ("opsgenie", "hex", 36), ("honeycomb", "an", 32),
    ("splunk", "hex", 36), ("segment", "an", 32), ("mixpanel", "hex", 32),
    ("amplitude", "hex", 32), ("auth0", "b64u", 64), ("firebase", "b64u", 40),
    ("linode", "hex", 64), ("hetzner", "an", 64), ("vultr", "up", 36),
    ("circleci", "hex", 40), ("buildkite", "hex", 40), ("sonar", "hex", 40),
    ("rollbar", "hex", 32), ("bugsnag", "hex", 32), ("logdna", "hex", 32),
    ("loggly", "hex", 36), ("papertrail", "an", 20), ("pusher", "hex", 20),
    ("ably", "b64u", 40), ("vonage", "an", 16), ("nexmo", "an", 16),
    ("plivo", "an", 40), ("postmark", "hex", 36), ("sparkpost", "hex", 40),
    ("mandrill", "b64u", 22), ("mailjet", "hex", 32), ("zoho", "hex", 70),
    ("paypal", "b64u", 80), ("paystack", "hex", 40), ("klarna", "b64u", 40),
    ("ibm", "b64u", 44), ("oracle", "b64u", 44), ("scaleway", "hex", 36),
    ("digitalocean", "hex", 64), ("netlify", "b64u", 43), ("vercel", "an", 24),
    ("heroku", "hex", 36), ("mongodb", "hex", 36), ("supabase", "b64u", 40),
    ("docker", "b64u", 36), ("quay", "an", 40), ("nuget", "lo", 46),
    ("artifactory", "an", 64), ("gradle", "an", 40), ("maven", "an", 40),
]

def val(cs, n):
    return "".join(rnd.choice(SETS[cs][0]) for _ in range(n))

def q(s):
    return "'" + s.replace("'", "''") + "'"

def esc(lit):
    out = ""
    for c in lit:
        out += "\\" + c if c in ".^$*+?()[]{}|\\/" else c
    return out

print("# Synthetic rules for rulebench only: generated by gen-synth-rules.py;")
print("# see that script. Not built in, not shipped.")
print("rules:")
for i, (v, pfx, cs, n) in enumerate(PREFIX):
    cls = SETS[cs][1]
    print(f"  - id: synth-p{i:03d}-{v}")
    print(f"    description: synthetic {v} token")
    print("    severity: high\n    confidence: high")
    print("    targets: [env, text, k8s-secret]")
    print(f"    keywords: [{q(pfx.strip())}]")
    print(f"    regex: {q(esc(pfx) + '[' + cls + ']{' + str(n) + '}' + '(?![' + cls + '])')}")
    print("    examples:")
    print(f"      - {q('SOME_' + str(i) + '_VALUE=' + pfx + val(cs, n))}")
    print(f"      - {q('token: ' + pfx + val(cs, n))}")
    print("    negative_examples:")
    print(f"      - {q('SOME_VALUE=' + pfx + val(cs, max(1, n // 2)))}")
# 150 rules by default; --all: every vendor, both kinds (258).
full = "--all" in sys.argv[1:]
for i, (v, cs, n) in enumerate(NAMED if full else NAMED[:32]):
    cls = SETS[cs][1]
    for kind in ("key", "secret") if full and i % 2 == 0 else ("key",):
        print(f"  - id: synth-n{i:03d}-{v}-{kind}")
        print(f"    description: synthetic {v} API {kind} (by name)")
        print("    severity: high\n    confidence: medium")
        print("    targets: [env]")
        print(f"    keywords: [{q(v)}]")
        print(f"    env_name: {q('(?i)' + v + '.*' + kind.upper())}")
        print(f"    regex: {q('^[' + cls + ']{' + str(n) + '}$')}")
        print("    examples:")
        print(f"      - {q(v.upper() + '_API_' + kind.upper() + '=' + val(cs, n))}")
        print(f"      - {q('MY_' + v.upper() + '_' + kind.upper() + '=' + val(cs, n))}")
        print("    negative_examples:")
        print(f"      - {q(v.upper() + '_API_' + kind.upper() + '=' + val(cs, n + 1))}")
