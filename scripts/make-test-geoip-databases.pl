#!/usr/bin/perl
# Writes small MaxMind DB files for the geoip tests, with Debian's MaxMind DB writer
# (libmaxmind-db-writer-perl): GeoLite2-City.mmdb, GeoLite2-ASN.mmdb and GeoLite2-Country.mmdb,
# laid out as MaxMind's databases are, holding the entries the shared geoip vectors look up.
# No proprietary database is needed.   usage: make-test-geoip-databases.pl OUTPUT_DIRECTORY
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $out = shift or die "usage: $0 OUTPUT_DIRECTORY\n";

my %types = (
    city => 'map', continent => 'map', country => 'map', location => 'map', postal => 'map',
    subdivisions => [ 'array', 'map' ], names => 'map', en => 'utf8_string', de => 'utf8_string',
    code => 'utf8_string', iso_code => 'utf8_string', latitude => 'double', longitude => 'double',
    time_zone => 'utf8_string', metro_code => 'uint16', geoname_id => 'uint32', accuracy_radius => 'uint16',
    autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string',
);

sub tree {
    my ($type) = @_;
    return MaxMind::DB::Writer::Tree->new(
        ip_version => 6, record_size => 28, database_type => $type, languages => ['en'],
        description => { en => "Sluice test $type database" },
        map_key_type_callback => sub { $types{ $_[0] } }, remove_reserved_networks => 0,
    );
}

sub write_tree {
    my ($tree, $name) = @_;
    open my $fh, '>:raw', "$out/$name" or die "$out/$name: $!\n";
    $tree->write_tree($fh);
    close $fh or die "$out/$name: $!\n";
}

my $north_america = { code => 'NA', geoname_id => 6255149, names => { en => 'North America', de => 'Nordamerika' } };
my $united_states = { iso_code => 'US', geoname_id => 6252001, names => { en => 'United States', de => 'USA' } };

my $city = tree('GeoLite2-City');
$city->insert_network('93.184.216.0/24', {
    city => { geoname_id => 4945588, names => { en => 'Norwell' } }, continent => $north_america, country => $united_states,
    location => { latitude => 42.1596, longitude => -70.8217, metro_code => 506, time_zone => 'America/New_York', accuracy_radius => 1000 },
    postal => { code => '02061' },
    subdivisions => [ { iso_code => 'MA', geoname_id => 6254926, names => { en => 'Massachusetts' } } ],
});
$city->insert_network('8.8.8.0/24', {
    continent => $north_america, country => $united_states,
    location => { latitude => 37.751, longitude => -97.822, time_zone => 'America/Chicago', accuracy_radius => 1000 },
});
$city->insert_network('2607:f0d0:1002::/48', {
    continent => $north_america, country => $united_states,
    location => { latitude => 32.7787, longitude => -96.8217, time_zone => 'America/Chicago' },
    subdivisions => [ { iso_code => 'TX', names => { en => 'Texas' } }, { iso_code => 'DAL', names => { en => 'Dallas County' } } ],
});
$city->insert_network('173.9.0.0/16', {
    city => { names => { en => 'Boston' } }, continent => $north_america, country => $united_states,
    location => { latitude => 42.3424, longitude => -71.0878, time_zone => 'America/New_York' },
});
# A record without a location: a City lookup gives nothing for it.
$city->insert_network('198.51.100.0/24', { continent => $north_america, country => $united_states });
write_tree($city, 'GeoLite2-City.mmdb');

my $asn = tree('GeoLite2-ASN');
$asn->insert_network('8.8.8.0/24', { autonomous_system_number => 15169, autonomous_system_organization => 'Google LLC' });
$asn->insert_network('2607:f0d0::/32', { autonomous_system_number => 36351, autonomous_system_organization => 'SOFTLAYER' });
write_tree($asn, 'GeoLite2-ASN.mmdb');

my $country = tree('GeoLite2-Country');
$country->insert_network('8.8.8.0/24', { continent => $north_america, country => $united_states });
write_tree($country, 'GeoLite2-Country.mmdb');
