// Command make-trivy-db writes a small Trivy vulnerability database (schema 2) for the Buildgate tests.
//
// Trivy cannot download its database on the CI machines, so the tests scan real images against
// advisories written here for OS packages the test image (buildgate/debian:local) really contains.
// Usage: make-trivy-db -advisories advisories.json -cache <dir>  (writes <dir>/db/trivy.db and metadata.json)
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/metadata"
	"github.com/aquasecurity/trivy-db/pkg/types"
	bolt "go.etcd.io/bbolt"
)

// advisory is one line of advisories.json.
type advisory struct {
	ID           string  `json:"id"`
	Bucket       string  `json:"bucket"`       // e.g. "debian 12"
	Source       string  `json:"source"`       // data source id, e.g. "debian"
	Package      string  `json:"package"`      // source package name (Trivy looks Debian packages up by source name)
	Severity     string  `json:"severity"`     // UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL
	FixedVersion string  `json:"fixedVersion"` // empty = no fix yet
	Status       string  `json:"status"`       // used when fixedVersion is empty: affected, will_not_fix, fix_deferred
	Title        string  `json:"title"`
	Description  string  `json:"description"`
	CVSSv3Score  float64 `json:"cvss3Score"`
	CVSSv3Vector string  `json:"cvss3Vector"`
}

func main() {
	advFile := flag.String("advisories", "advisories.json", "advisory definitions (JSON array)")
	cache := flag.String("cache", "", "Trivy cache dir; the database goes to <cache>/db")
	flag.Parse()
	if *cache == "" {
		fail("-cache is required")
	}
	raw, err := os.ReadFile(*advFile)
	if err != nil {
		fail("read advisories: %v", err)
	}
	var advs []advisory
	if err := json.Unmarshal(raw, &advs); err != nil {
		fail("parse %s: %v", *advFile, err)
	}
	dbDir := filepath.Join(*cache, "db")
	if err := os.MkdirAll(dbDir, 0o755); err != nil {
		fail("mkdir %s: %v", dbDir, err)
	}
	_ = os.Remove(db.Path(dbDir))
	if err := db.Init(dbDir); err != nil {
		fail("open db: %v", err)
	}
	dbc := db.Config{}
	err = dbc.BatchUpdate(func(tx *bolt.Tx) error {
		for _, a := range advs {
			sev, err := types.NewSeverity(a.Severity)
			if err != nil {
				return fmt.Errorf("%s: %w", a.ID, err)
			}
			detail := types.Advisory{FixedVersion: a.FixedVersion, Severity: sev}
			if a.FixedVersion == "" {
				detail.Status = types.NewStatus(a.Status)
			}
			if err := dbc.PutAdvisoryDetail(tx, a.ID, a.Package, []string{a.Bucket}, &detail); err != nil {
				return err
			}
			if err := dbc.SaveAdvisoryDetails(tx, a.ID); err != nil {
				return err
			}
			src := types.SourceID(a.Source)
			vuln := types.Vulnerability{
				Title:          a.Title,
				Description:    a.Description,
				Severity:       a.Severity,
				VendorSeverity: types.VendorSeverity{src: sev, "nvd": sev},
				References:     []string{"https://buildgate.invalid/advisories/" + a.ID},
			}
			if a.CVSSv3Score > 0 {
				vuln.CVSS = types.VendorCVSS{"nvd": {V3Score: a.CVSSv3Score, V3Vector: a.CVSSv3Vector}}
			}
			if err := dbc.PutVulnerability(tx, a.ID, vuln); err != nil {
				return err
			}
			if err := dbc.PutVulnerabilityID(tx, a.ID); err != nil {
				return err
			}
			ds := types.DataSource{ID: src, Name: "Buildgate test advisories (" + a.Source + ")",
				URL: "https://buildgate.invalid/advisories"}
			if err := dbc.PutDataSource(tx, a.Bucket, ds); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		fail("write advisories: %v", err)
	}
	if err := dbc.DeleteAdvisoryDetailBucket(); err != nil {
		fail("cleanup: %v", err)
	}
	if err := db.Close(); err != nil {
		fail("close: %v", err)
	}
	now := time.Now().UTC()
	meta := metadata.Metadata{
		Version:      db.SchemaVersion,
		NextUpdate:   time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC),
		UpdatedAt:    now,
		DownloadedAt: now,
	}
	if err := metadata.NewClient(dbDir).Update(meta); err != nil {
		fail("metadata: %v", err)
	}
	fmt.Printf("wrote %d advisories to %s (schema %d)\n", len(advs), db.Path(dbDir), db.SchemaVersion)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "make-trivy-db: "+format+"\n", args...)
	os.Exit(1)
}
