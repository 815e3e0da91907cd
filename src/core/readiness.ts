import { CATEGORIES, type Category, type Finding, type Severity } from './types';
import type { CodeFacts } from './facts';

/** Penalty points per finding: an error costs as much as 2.5 warnings or 10 notes. */
export const SEVERITY_POINTS: Readonly<Record<Severity, number>> = { error: 10, warning: 4, info: 1 };
/** Points at which a category's score halves (100 → 50). */
export const HALF_SCORE_POINTS = 25;
/** Share of the overall score that comes from the findings (the rest from the checklist). */
export const FINDINGS_WEIGHT = 0.75;

export interface CategoryScore {
  readonly score: number;
  readonly counts: Readonly<Record<Severity, number>>;
  readonly points: number;
}

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly passed: boolean;
  /** Why it matters in production. */
  readonly why: string;
  /** One line: how to pass. */
  readonly howToPass: string;
  /** What was found (or not). */
  readonly detail: string;
}

export interface Readiness {
  readonly score: number;
  readonly band: 'production-ready' | 'almost-there' | 'prototype';
  readonly categories: Readonly<Record<Category, CategoryScore>>;
  readonly checklistScore: number;
  readonly checks: readonly CheckResult[];
}

/** What the scan saw of the workspace as a whole (paths and code facts), for the checklist. */
export interface WorkspaceFacts extends CodeFacts {
  readonly hasTests: boolean;
  readonly ciConfig: string | undefined;
  readonly lockfile: string | undefined;
  readonly envFileExists: boolean;
  readonly envIgnored: boolean;
  readonly envExample: string | undefined;
  /** Any source file prints with console.log / print (only matters when there is no logger). */
  readonly readme: { exists: boolean; hasRunInstructions: boolean };
  readonly deployConfig: string | undefined;
}

/** 80 and up: production ready; 50 and up: almost there; below: prototype. */
export function bandOf(score: number): Readiness['band'] {
  return score >= 80 ? 'production-ready' : score >= 50 ? 'almost-there' : 'prototype';
}

export function categoryScore(points: number): number {
  return Math.round((100 * HALF_SCORE_POINTS) / (HALF_SCORE_POINTS + points));
}

function check(id: string, title: string, passed: boolean, why: string, howToPass: string, detail: string): CheckResult {
  return { id, title, passed, why, howToPass, detail };
}

export function workspaceChecks(facts: WorkspaceFacts): CheckResult[] {
  return [
    check('tests', 'Automated tests', facts.hasTests,
      'Without tests every change is a gamble once real users depend on the code.',
      'Add tests (test/, tests/, *.test.ts, test_*.py, *_test.go, src/test/java…).',
      facts.hasTests ? 'Test files found.' : 'No test files found.'),
    check('ci', 'Continuous integration', facts.ciConfig !== undefined,
      'CI runs the tests on every change, so broken code is caught before it ships.',
      'Add a pipeline (.github/workflows/*.yml, .gitlab-ci.yml, .circleci/config.yml, Jenkinsfile, azure-pipelines.yml).',
      facts.ciConfig ? `Found ${facts.ciConfig}.` : 'No CI configuration found.'),
    check('lockfile', 'Dependency lockfile', facts.lockfile !== undefined,
      'A committed lockfile makes builds reproducible: production runs the versions you tested.',
      'Commit your lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml, poetry.lock, uv.lock, go.sum, Gemfile.lock, composer.lock…).',
      facts.lockfile ? `Found ${facts.lockfile}.` : 'No lockfile found.'),
    check('env-ignored', '.env kept out of version control', facts.envIgnored,
      'A committed .env leaks every secret in it to anyone with repository access, forever (git history).',
      'Add `.env` to .gitignore, and remove it from the repository if it was committed (`git rm --cached .env`).',
      facts.envIgnored ? '.env is ignored by .gitignore.' : facts.envFileExists ? '.env exists and is not ignored.' : '.gitignore does not ignore .env.'),
    check('env-example', 'Documented configuration', facts.envExample !== undefined,
      'New environments need to know which variables to set; a template prevents missing-config outages.',
      'Add a .env.example (or .env.sample / .env.template) listing every variable with placeholder values.',
      facts.envExample ? `Found ${facts.envExample}.` : 'No .env.example or equivalent found.'),
    check('logger', 'A real logger', facts.usesLogger,
      'console.log / print have no levels, structure or routing; production debugging needs searchable logs.',
      'Use a logging library (pino, winston, Python logging, slf4j, zap, Serilog, Monolog, Rails.logger…).',
      facts.usesLogger ? 'A logging library is imported.' : 'No logging library is imported.'),
    check('health', 'Health-check endpoint', facts.hasHealthRoute,
      'Load balancers and orchestrators need a health endpoint to route traffic away from a broken instance.',
      'Expose a cheap GET /health (or /healthz, /ready) route that returns 200 when the service can serve.',
      facts.hasHealthRoute ? 'A health route is declared.' : 'No /health, /healthz or /ready route found.'),
    check('monitoring', 'Error monitoring', facts.usesMonitoring,
      'Without error monitoring you hear about production errors from your users.',
      'Wire up Sentry, OpenTelemetry, Datadog, New Relic, Bugsnag or similar.',
      facts.usesMonitoring ? 'An error-monitoring or tracing library is used.' : 'No error-monitoring library found.'),
    check('readme', 'README with run instructions', facts.readme.exists && facts.readme.hasRunInstructions,
      'The next person on call must be able to build and run the service without asking you.',
      'Add a README.md with install and run commands in a code block.',
      !facts.readme.exists ? 'No README found.' : facts.readme.hasRunInstructions ? 'README has run instructions.' : 'README has no run/install commands.'),
    check('deploy', 'Deployment configuration', facts.deployConfig !== undefined,
      'A declared deployment (container, platform manifest) makes releases repeatable instead of hand-made.',
      'Add a Dockerfile, docker-compose.yml, Procfile, fly.toml, app.yaml, Kubernetes manifests or similar.',
      facts.deployConfig ? `Found ${facts.deployConfig}.` : 'No deployment configuration found.'),
  ];
}

/**
 * The readiness score, deterministic and explainable:
 *  - each finding costs points by severity (error 10, warning 4, info 1);
 *  - a category scores round(100 × 25 / (25 + points)): 100 when clean, 50 at 25 points;
 *  - the checklist scores the share of checks passed (0–100);
 *  - overall = round(0.75 × mean of the four category scores + 0.25 × checklist score).
 */
export function computeReadiness(findings: readonly Finding[], facts: WorkspaceFacts): Readiness {
  return scoreReadiness(findings, workspaceChecks(facts));
}

/** The readiness for `findings` with an already evaluated checklist: the editor re-scores live edits with it. */
export function scoreReadiness(findings: readonly Finding[], checks: readonly CheckResult[]): Readiness {
  const categories = {} as Record<Category, CategoryScore>;
  for (const category of CATEGORIES) {
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const finding of findings) if (finding.category === category) counts[finding.severity]++;
    const points = counts.error * SEVERITY_POINTS.error + counts.warning * SEVERITY_POINTS.warning + counts.info * SEVERITY_POINTS.info;
    categories[category] = { score: categoryScore(points), counts, points };
  }
  const checklistScore = checks.length === 0 ? 100 : Math.round((100 * checks.filter((c) => c.passed).length) / checks.length);
  const findingsScore = CATEGORIES.reduce((sum, category) => sum + categories[category].score, 0) / CATEGORIES.length;
  const score = Math.round(FINDINGS_WEIGHT * findingsScore + (1 - FINDINGS_WEIGHT) * checklistScore);
  return { score, band: bandOf(score), categories, checklistScore, checks };
}
